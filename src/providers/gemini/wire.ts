/**
 * The Gemini API's REST shapes, from Google's own SDK (types only: no SDK code runs in the
 * proxy). The SDK declares closed value sets as TypeScript enums; on the wire they are their
 * string values, so each enum-typed field is restated as the union of its values.
 */
import type {
  BlockedReason,
  Candidate,
  Content,
  ContentEmbedding,
  FinishReason,
  FunctionCallingConfig,
  FunctionCallingConfigMode,
  FunctionDeclaration,
  GenerateContentResponse,
  GenerateContentResponsePromptFeedback,
  GenerationConfig,
  Model,
  ThinkingConfig,
  ThinkingLevel,
} from "@google/genai";

export type { Content, FunctionCall, FunctionResponse, GenerateContentResponseUsageMetadata as UsageMetadata, Part } from "@google/genai";

export type ThinkingLevelName = `${ThinkingLevel}`;
export type FinishReasonName = `${FinishReason}`;

export type GeminiThinkingConfig = Omit<ThinkingConfig, "thinkingLevel"> & { thinkingLevel?: ThinkingLevelName };

/** Schemas travel as JSON Schema (`responseJsonSchema`), never in the OpenAPI subset (`responseSchema`). */
export type GeminiGenerationConfig = Omit<GenerationConfig, "thinkingConfig" | "responseSchema"> & {
  thinkingConfig?: GeminiThinkingConfig;
};

/** Parameters travel as JSON Schema (`parametersJsonSchema`), never in the OpenAPI subset (`parameters`). */
export type GeminiFunctionDeclaration = Omit<FunctionDeclaration, "parameters">;

export interface GeminiToolConfig {
  functionCallingConfig: Omit<FunctionCallingConfig, "mode"> & { mode: `${FunctionCallingConfigMode}` };
}

/** The body of `models/{model}:generateContent` and `:streamGenerateContent`. */
export interface GenerateContentRequest {
  contents: Content[];
  systemInstruction?: Content;
  tools?: Array<{ functionDeclarations: GeminiFunctionDeclaration[] }>;
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
}

export type GeminiCandidate = Omit<Candidate, "finishReason"> & { finishReason?: FinishReasonName };

/** One answer, or one streamed event: both carry the same fields. */
export type GenerateContentAnswer = Pick<GenerateContentResponse, "modelVersion" | "responseId" | "usageMetadata"> & {
  candidates?: GeminiCandidate[];
  promptFeedback?: Omit<GenerateContentResponsePromptFeedback, "blockReason"> & { blockReason?: `${BlockedReason}` };
};

/** `GET /v1beta/models`: the REST field is `supportedGenerationMethods` (the SDK renames it). */
export interface ListModelsPage {
  models?: Array<Omit<Model, "supportedActions"> & { supportedGenerationMethods?: string[] }>;
  nextPageToken?: string;
}

/** One entry of `models/{model}:batchEmbedContents`: a text to embed, and how. */
export interface EmbedContentRequest {
  /** `models/{model}`, the same model as the call's URL. */
  model: string;
  content: Content;
  taskType?: string;
  outputDimensionality?: number;
}

export interface BatchEmbedContentsRequest {
  requests: EmbedContentRequest[];
}

/** The answer: the vectors in the requests' order; `usageMetadata` from gemini-embedding-2 on (the SDK does not declare it). */
export interface BatchEmbedContentsResponse {
  embeddings?: ContentEmbedding[];
  usageMetadata?: { promptTokenCount?: number };
}

/** Google's error body: `{"error":{"code","message","status","details"}}`. */
export interface GoogleErrorBody {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    details?: Array<{ "@type"?: string; retryDelay?: string; [key: string]: unknown }>;
  };
}
