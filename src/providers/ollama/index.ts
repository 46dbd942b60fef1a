import type { ProviderAdapter } from "../types.js";
import { ollamaError } from "./errors.js";
import { listOllamaModels } from "./models.js";
import { ollamaOptions } from "./options.js";
import { buildOllamaRequest } from "./request.js";
import { parseOllamaResponse } from "./response.js";
import { OllamaStreamTranslator } from "./stream.js";
import { ollamaEmbeddings } from "./embeddings.js";

/** Ollama's native API (local, or ollama.com with a key): `/api/chat` with NDJSON streams. */
export const ollama: ProviderAdapter = {
  type: "ollama",
  defaultBaseUrl: "http://localhost:11434",
  auth: "bearer",
  options: ollamaOptions,
  chat: {
    buildRequest: buildOllamaRequest,
    parseResponse: parseOllamaResponse,
    createStreamTranslator: (ctx) => new OllamaStreamTranslator(ctx),
  },
  embeddings: ollamaEmbeddings,
  parseError: ollamaError,
  listModels: listOllamaModels,
};
