import { upstreamHeaders } from "../shared/headers.js";
import type { ProviderConfig, TranslationContext, UpstreamCall } from "../types.js";
import { readOpenAIOptions } from "./options.js";

/**
 * The OpenAI request goes out as it came in: every field, known or not, passes through; only
 * the model name is the routed upstream name and streams always ask for usage (accounting needs
 * it; the client's own choice is honoured when relaying).
 */
export function buildOpenAIRequest(ctx: TranslationContext): UpstreamCall {
  const askUsage = ctx.clientStream && readOpenAIOptions(ctx.provider.options).stream_usage;
  return openAIChatCall(ctx.provider, openAIChatBody(ctx, askUsage), ctx.clientStream);
}

/** The client's request with the upstream model name, asking for stream usage when told to. */
export function openAIChatBody(ctx: TranslationContext, askUsage: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { ...ctx.request, model: ctx.upstreamModel };
  if (askUsage) {
    const clientOptions = ctx.request.stream_options;
    body.stream_options = { ...(typeof clientOptions === "object" ? clientOptions : {}), include_usage: true };
  }
  return body;
}

/** `POST {base_url}/chat/completions` with the provider's headers. */
export function openAIChatCall(provider: ProviderConfig, body: object, stream: boolean): UpstreamCall {
  return {
    method: "POST",
    url: `${provider.base_url}/chat/completions`,
    headers: upstreamHeaders(provider, stream ? "text/event-stream" : "application/json", true),
    body: JSON.stringify(body),
    response: stream ? "sse" : "json",
  };
}
