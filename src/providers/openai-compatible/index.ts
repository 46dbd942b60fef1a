import { openAIStyleError } from "../shared/error-body.js";
import type { ProviderAdapter } from "../types.js";
import { listOpenAIModels } from "./models.js";
import { openAIOptions } from "./options.js";
import { buildOpenAIRequest } from "./request.js";
import { parseOpenAIResponse } from "./response.js";
import { openAIResponses } from "./responses.js";
import { OpenAIStreamTranslator } from "./stream.js";
import { openAIEmbeddings } from "./embeddings.js";

/** OpenAI and every server that speaks its API: Groq, DeepSeek, OpenRouter, LM Studio, vLLM, … */
export const openAICompatible: ProviderAdapter = {
  type: "openai",
  defaultBaseUrl: "https://api.openai.com/v1",
  auth: "bearer",
  options: openAIOptions,
  chat: {
    buildRequest: buildOpenAIRequest,
    parseResponse: parseOpenAIResponse,
    createStreamTranslator: (ctx) => new OpenAIStreamTranslator(ctx.request.n ?? 1),
  },
  responses: openAIResponses,
  embeddings: openAIEmbeddings,
  parseError: openAIStyleError,
  listModels: listOpenAIModels,
};
