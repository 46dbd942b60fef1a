import type { ProviderAdapter } from "../types.js";
import { anthropicError } from "./errors.js";
import { listAnthropicModels } from "./models.js";
import { anthropicOptions } from "./options.js";
import { buildAnthropicRequest } from "./request.js";
import { parseAnthropicResponse } from "./response.js";
import { AnthropicStreamTranslator } from "./stream.js";

/** Anthropic's Messages API (Claude). */
export const anthropic: ProviderAdapter = {
  type: "anthropic",
  defaultBaseUrl: "https://api.anthropic.com",
  auth: "x-api-key",
  options: anthropicOptions,
  chat: {
    buildRequest: buildAnthropicRequest,
    parseResponse: parseAnthropicResponse,
    createStreamTranslator: (ctx) => new AnthropicStreamTranslator(ctx),
  },
  parseError: anthropicError,
  listModels: listAnthropicModels,
};
