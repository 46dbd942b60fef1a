/**
 * OpenAI's embeddings wire types, imported from the SDK users point at us (type-only: no SDK code
 * runs in the proxy). Every provider's embeddings translation works from these.
 */
import type { CreateEmbeddingResponse, Embedding, EmbeddingCreateParams } from "openai/resources/embeddings";

export type { CreateEmbeddingResponse, Embedding };

/**
 * An embeddings request as received: OpenAI's parameters plus any field we do not know, which
 * OpenAI-compatible upstreams receive untouched (and native translations may read, such as
 * Ollama's `truncate` or Gemini's `task_type`).
 */
export type EmbeddingsRequest = EmbeddingCreateParams & { [extra: string]: unknown };

/** One input as the request gives it: a text, or a text already turned into tokens. */
export type EmbeddingInput = string | number[];

/** How the client wants its vectors: JSON numbers, or base64 of little-endian float32 (what the openai SDKs ask for by default). */
export type EmbeddingEncoding = "float" | "base64";

/** One vector as an upstream (or the cache) gave it: floats, or base64 of little-endian float32. */
export type EmbeddingVector = number[] | string;
