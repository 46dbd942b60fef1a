import type { ProviderAdapter } from "../types.js";
import { geminiError } from "./errors.js";
import { listGeminiModels } from "./models.js";
import { geminiOptions } from "./options.js";
import { buildGeminiRequest } from "./request.js";
import { parseGeminiResponse } from "./response.js";
import { GeminiStreamTranslator } from "./stream.js";
import { geminiEmbeddings } from "./embeddings.js";

/** Google's Gemini API (generativelanguage.googleapis.com). */
export const gemini: ProviderAdapter = {
  type: "gemini",
  defaultBaseUrl: "https://generativelanguage.googleapis.com",
  auth: "x-goog-api-key",
  options: geminiOptions,
  chat: {
    buildRequest: buildGeminiRequest,
    parseResponse: parseGeminiResponse,
    createStreamTranslator: (ctx) => new GeminiStreamTranslator(ctx),
  },
  embeddings: geminiEmbeddings,
  parseError: geminiError,
  listModels: listGeminiModels,
};
