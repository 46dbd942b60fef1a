import { listOpenAIModels } from "../openai-compatible/models.js";
import type { ProviderAdapter } from "../types.js";
import { mistralError } from "./errors.js";
import { buildMistralRequest } from "./request.js";
import { parseMistralResponse } from "./response.js";
import { MistralStreamTranslator } from "./stream.js";
import { mistralEmbeddings } from "./embeddings.js";

/** Mistral's chat API: OpenAI's shape with a stricter request schema and its own stream habits. */
export const mistral: ProviderAdapter = {
  type: "mistral",
  defaultBaseUrl: "https://api.mistral.ai/v1",
  auth: "bearer",
  chat: {
    buildRequest: buildMistralRequest,
    parseResponse: parseMistralResponse,
    createStreamTranslator: (ctx) => new MistralStreamTranslator(ctx),
  },
  embeddings: mistralEmbeddings,
  parseError: mistralError,
  // Mistral's `GET /v1/models` answers OpenAI's list shape.
  listModels: listOpenAIModels,
};
