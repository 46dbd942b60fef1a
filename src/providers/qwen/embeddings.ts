import { openAIEmbeddingsCall, parseOpenAIEmbeddings } from "../openai-compatible/embeddings.js";
import type { EmbeddingsTranslation } from "../types.js";

/**
 * DashScope's OpenAI-compatible embeddings (text-embedding-v3, v4, …): OpenAI's request and answer,
 * within DashScope's limits. It takes texts only, at most 10 a call (the v3 and v4 models' batch
 * size), and documents float vectors only, so it is always asked for floats: the proxy encodes
 * base64 for the clients that want it.
 */
export const qwenEmbeddings: EmbeddingsTranslation = {
  maxInputsPerCall: 10,
  takesTokens: false,
  buildRequest(ctx) {
    const { encoding_format: _asked, ...request } = ctx.request;
    return openAIEmbeddingsCall(ctx.provider, { ...request, model: ctx.upstreamModel });
  },
  parseResponse: parseOpenAIEmbeddings,
};
