import type { EmbeddingVector } from "../../embeddings/types.js";
import { invalidRequest } from "../../errors.js";
import { isPlainObject } from "../../lib/is-plain-object.js";
import { jsonCall } from "../shared/json-call.js";
import { malformedUpstream, parseUpstreamObject } from "../shared/upstream-json.js";
import type { EmbeddingsTranslation, TranslatedEmbeddings } from "../types.js";
import type { OllamaEmbedRequest, OllamaEmbedResponse } from "./wire.js";

/**
 * Ollama's `POST /api/embed`: texts only; `dimensions` passes on, and so do Ollama's own
 * `truncate` (false: an input longer than the model's context is an error instead of being cut),
 * `options` and `keep_alive` when a client sends them. The usage is `prompt_eval_count`.
 */
export const ollamaEmbeddings: EmbeddingsTranslation = {
  takesTokens: false,
  buildRequest(ctx) {
    const { request, provider } = ctx;
    const body: OllamaEmbedRequest = { model: ctx.upstreamModel, input: request.input as string | string[] };
    const { truncate } = request;
    if (truncate !== undefined && truncate !== null) {
      if (typeof truncate !== "boolean") {
        throw invalidRequest("Invalid type for 'truncate': expected a boolean.", "truncate", "invalid_type");
      }
      body.truncate = truncate;
    }
    if (typeof request.dimensions === "number") body.dimensions = request.dimensions;
    if (isPlainObject(request.options)) body.options = request.options;
    const keepAlive = request.keep_alive;
    if (typeof keepAlive === "string" || typeof keepAlive === "number") body.keep_alive = keepAlive;
    return jsonCall(provider, `${provider.base_url}/api/embed`, body);
  },
  parseResponse: parseOllamaEmbeddings,
};

function parseOllamaEmbeddings(body: string): TranslatedEmbeddings {
  const answer = parseUpstreamObject(body) as OllamaEmbedResponse;
  const { embeddings } = answer;
  if (!Array.isArray(embeddings)) throw malformedUpstream();
  for (const vector of embeddings) {
    if (!Array.isArray(vector) || !vector.every((value) => typeof value === "number")) throw malformedUpstream("embedding");
  }
  const tokens = answer.prompt_eval_count;
  return { vectors: embeddings as EmbeddingVector[], promptTokens: typeof tokens === "number" ? tokens : undefined };
}
