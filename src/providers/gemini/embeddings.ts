import type { EmbeddingVector } from "../../embeddings/types.js";
import { invalidRequest } from "../../errors.js";
import { jsonCall } from "../shared/json-call.js";
import { malformedUpstream, parseUpstreamObject } from "../shared/upstream-json.js";
import type { EmbeddingsTranslation, TranslatedEmbeddings } from "../types.js";
import type { BatchEmbedContentsRequest, BatchEmbedContentsResponse, EmbedContentRequest } from "./wire.js";

/**
 * Gemini's `models/{model}:batchEmbedContents`: one entry per input text, `dimensions` as
 * `outputDimensionality`, and Gemini's `taskType` from a client's `task_type` (RETRIEVAL_QUERY,
 * RETRIEVAL_DOCUMENT, SEMANTIC_SIMILARITY, …). Gemini takes at most 100 entries a call and texts
 * only; its vectors are floats, its usage `usageMetadata.promptTokenCount` (gemini-embedding-2;
 * gemini-embedding-001 reports none).
 */
export const geminiEmbeddings: EmbeddingsTranslation = {
  maxInputsPerCall: 100,
  takesTokens: false,
  buildRequest(ctx) {
    const { request, provider } = ctx;
    const name = ctx.upstreamModel.replace(/^models\//, "");
    const taskType = request.task_type;
    if (taskType !== undefined && taskType !== null && typeof taskType !== "string") {
      throw invalidRequest("Invalid type for 'task_type': expected a string, such as RETRIEVAL_QUERY.", "task_type", "invalid_type");
    }
    const texts = typeof request.input === "string" ? [request.input] : (request.input as string[]);
    const requests = texts.map((text): EmbedContentRequest => {
      const entry: EmbedContentRequest = { model: `models/${name}`, content: { parts: [{ text }] } };
      if (typeof taskType === "string") entry.taskType = taskType;
      if (typeof request.dimensions === "number") entry.outputDimensionality = request.dimensions;
      return entry;
    });
    const body: BatchEmbedContentsRequest = { requests };
    return jsonCall(provider, `${provider.base_url}/v1beta/models/${encodeURIComponent(name)}:batchEmbedContents`, body);
  },
  parseResponse: parseGeminiEmbeddings,
};

function parseGeminiEmbeddings(body: string): TranslatedEmbeddings {
  const answer = parseUpstreamObject(body) as BatchEmbedContentsResponse;
  if (!Array.isArray(answer.embeddings)) throw malformedUpstream();
  const vectors: EmbeddingVector[] = answer.embeddings.map((embedding) => {
    const values = (embedding as { values?: unknown } | null)?.values;
    if (!Array.isArray(values) || !values.every((value) => typeof value === "number")) throw malformedUpstream("embedding");
    return values;
  });
  const tokens = answer.usageMetadata?.promptTokenCount;
  return { vectors, promptTokens: typeof tokens === "number" ? tokens : undefined };
}
