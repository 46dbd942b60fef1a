import { listOpenAIModels } from "../openai-compatible/models.js";
import { openAIStyleError } from "../shared/error-body.js";
import type { ProviderAdapter } from "../types.js";
import { qwenOptions } from "./options.js";
import { buildQwenRequest } from "./request.js";
import { parseQwenResponse } from "./response.js";
import { QwenStreamTranslator } from "./stream.js";
import { qwenEmbeddings } from "./embeddings.js";

/**
 * Qwen on Alibaba Cloud's DashScope, through its OpenAI-compatible mode: answers, stream chunks
 * (`reasoning_content` beside `content`) and error bodies are OpenAI's, but for two small
 * deviations mended on the way; the request follows DashScope's thinking rules.
 */
export const qwen: ProviderAdapter = {
  type: "qwen",
  defaultBaseUrl: "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
  auth: "bearer",
  options: qwenOptions,
  chat: {
    buildRequest: buildQwenRequest,
    parseResponse: parseQwenResponse,
    createStreamTranslator: (ctx) => new QwenStreamTranslator(ctx.request.n ?? 1),
  },
  embeddings: qwenEmbeddings,
  parseError: openAIStyleError,
  listModels: listOpenAIModels,
};
