import { upstreamHeaders } from "../shared/headers.js";
import type { ProviderConfig, ResponsesPassThrough } from "../types.js";
import { readOpenAIOptions } from "./options.js";

/** OpenAI's own API host: the one server known to speak the Responses API without being told. */
const OPENAI_HOST = "api.openai.com";

/** `POST {base_url}/responses`, for OpenAI and the compatible servers configured with `options.responses: true`. */
export const openAIResponses: ResponsesPassThrough = {
  speaks(provider: ProviderConfig): boolean {
    return readOpenAIOptions(provider.options).responses ?? URL.parse(provider.base_url)?.hostname === OPENAI_HOST;
  },
  buildRequest(ctx) {
    const stream = ctx.request.stream === true;
    return {
      method: "POST",
      url: `${ctx.provider.base_url}/responses`,
      headers: upstreamHeaders(ctx.provider, stream ? "text/event-stream" : "application/json", true),
      body: JSON.stringify(ctx.request),
      response: stream ? "sse" : "json",
    };
  },
  deleteRequest(provider, id) {
    return {
      method: "DELETE",
      url: `${provider.base_url}/responses/${encodeURIComponent(id)}`,
      headers: upstreamHeaders(provider, "application/json", false),
      response: "json",
    };
  },
};
