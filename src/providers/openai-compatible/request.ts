import type { TranslationContext, UpstreamCall } from "../types.js";
import { readOptions } from "./options.js";

/**
 * The OpenAI request goes out as it came in: every field, known or not, passes through; only
 * the model name is the routed upstream name and streams always ask for usage (accounting needs
 * it; the client's own choice is honoured when relaying).
 */
export function buildOpenAIRequest(ctx: TranslationContext): UpstreamCall {
  const { provider, request } = ctx;
  const body: Record<string, unknown> = { ...request, model: ctx.upstreamModel };
  if (ctx.clientStream && readOptions(provider.options).stream_usage) {
    const clientOptions = request.stream_options;
    body.stream_options = { ...(typeof clientOptions === "object" ? clientOptions : {}), include_usage: true };
  }
  const headers: Record<string, string> = {
    ...provider.headers,
    "content-type": "application/json",
    accept: ctx.clientStream ? "text/event-stream" : "application/json",
  };
  if (provider.api_key) headers.authorization = `Bearer ${provider.api_key}`;
  return {
    method: "POST",
    url: `${provider.base_url}/chat/completions`,
    headers,
    body: JSON.stringify(body),
    response: ctx.clientStream ? "sse" : "json",
  };
}
