/**
 * Mistral's wire shapes. Requests use the SDK's own outbound (snake_case) types, so the compiler
 * checks every field we send against what Mistral defines; its response types are the SDK's
 * camelCase view, so the few answer fields we read are declared here as they arrive.
 */
import type {
  AssistantMessage$Outbound,
  ChatCompletionStreamRequest$Outbound,
  ContentChunk$Outbound,
  EmbeddingRequest$Outbound,
  SystemMessage$Outbound,
  ToolCall$Outbound,
  ToolMessage$Outbound,
  UserMessage$Outbound,
} from "@mistralai/mistralai/models/components";

/** `index` and `prefix` have defaults in the SDK's schema, so the API takes them as optional. */
export type MistralToolCall = Omit<ToolCall$Outbound, "index"> & { index?: number };
export type MistralAssistantMessage = Omit<AssistantMessage$Outbound, "prefix" | "tool_calls"> & {
  prefix?: boolean;
  tool_calls?: MistralToolCall[];
};
export type MistralMessage = MistralAssistantMessage | SystemMessage$Outbound | UserMessage$Outbound | ToolMessage$Outbound;
export type MistralContentChunk = ContentChunk$Outbound;
export type MistralRequest = Omit<ChatCompletionStreamRequest$Outbound, "messages"> & { messages: MistralMessage[] };
export type MistralEmbeddingsRequest = EmbeddingRequest$Outbound;

/** A content chunk as Mistral answers it: text, or reasoning (`thinking`) made of text chunks. */
export interface MistralAnswerChunk {
  type?: string;
  text?: string;
  thinking?: MistralAnswerChunk[];
}

export type MistralAnswerContent = string | MistralAnswerChunk[] | null | undefined;

export interface MistralAnswerToolCall {
  id?: string;
  type?: string;
  index?: number;
  function?: { name?: string; arguments?: string | Record<string, unknown> };
}

export interface MistralUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}
