import type { ChatRequest } from "../../chat/types.js";
import { invalidRequest } from "../../errors.js";
import { lookupModel } from "../shared/model-table.js";
import { readReasoningEffort } from "../shared/reasoning-effort.js";
import { readResponseFormat } from "../shared/response-format.js";
import type { TranslationContext, UpstreamCall } from "../types.js";
import { toAnthropicConversation } from "./messages.js";
import { readOptions, type AnthropicOptions } from "./options.js";
import { anthropicReasoning } from "./reasoning.js";
import { toAnthropicTools } from "./tools.js";
import type { MessagesRequest } from "./wire.js";

/** The first API version that refuses `temperature` and `top_p` (version names are dates). */
const SAMPLING_REMOVED_IN = "2026-10-21";

/** `POST {base_url}/v1/messages`, authenticated with `x-api-key` and versioned by `anthropic-version`. */
export function buildAnthropicRequest(ctx: TranslationContext): UpstreamCall {
  const { provider } = ctx;
  const options = readOptions(provider.options);
  const headers: Record<string, string> = {
    ...provider.headers,
    "content-type": "application/json",
    accept: ctx.clientStream ? "text/event-stream" : "application/json",
    "anthropic-version": options.anthropic_version,
  };
  if (provider.api_key) headers["x-api-key"] = provider.api_key;
  return {
    method: "POST",
    url: `${provider.base_url}/v1/messages`,
    headers,
    body: JSON.stringify(toMessagesRequest(ctx.request, ctx.upstreamModel, ctx.clientStream, options)),
    response: ctx.clientStream ? "sse" : "json",
  };
}

export function toMessagesRequest(request: ChatRequest, model: string, stream: boolean, options: AnthropicOptions): MessagesRequest {
  refuseUnsupported(request);
  const { system, messages } = toAnthropicConversation(request.messages);
  const requested = request.max_completion_tokens ?? request.max_tokens;
  const effort = readReasoningEffort(request);
  const reasoning = anthropicReasoning(
    continuesToolUse(messages) ? undefined : effort,
    model,
    requested ?? lookupModel(options.max_tokens_by_model, model) ?? options.default_max_tokens,
    options,
  );

  const body: MessagesRequest = { model, max_tokens: reasoning.max_tokens, messages };
  if (system) body.system = system;
  if (stream) body.stream = true;
  const stop = typeof request.stop === "string" ? [request.stop] : request.stop;
  if (stop && stop.length > 0) body.stop_sequences = stop;
  // Anthropic refuses sampling changes while thinking, and API versions from 2026-10-21 at all.
  if (!reasoning.thinking && options.anthropic_version < SAMPLING_REMOVED_IN) {
    if (typeof request.temperature === "number") body.temperature = clamp(request.temperature, 0, 1);
    if (typeof request.top_p === "number") body.top_p = clamp(request.top_p, 0, 1);
  }
  const { tools, tool_choice } = toAnthropicTools(request);
  if (tools) body.tools = tools;
  if (tool_choice) body.tool_choice = tool_choice;
  if (reasoning.thinking) body.thinking = reasoning.thinking;

  const format = readResponseFormat(request);
  if (format?.type === "json_object") {
    throw invalidRequest(
      "Invalid 'response_format': Anthropic has no JSON mode without a schema; use { type: 'json_schema' } instead.",
      "response_format.type",
      "unsupported_value",
    );
  }
  if (reasoning.effort || format?.type === "json_schema") {
    body.output_config = {};
    if (reasoning.effort) body.output_config.effort = reasoning.effort;
    if (format?.type === "json_schema") body.output_config.format = { type: "json_schema", schema: format.schema };
  }
  if (typeof request.user === "string" && request.user) body.metadata = { user_id: request.user };
  return body;
}

function refuseUnsupported(request: ChatRequest): void {
  if (typeof request.n === "number" && request.n > 1) {
    throw invalidRequest("Invalid value for 'n': Anthropic returns one choice per request; n must be 1.", "n", "unsupported_value");
  }
  if (request.logprobs === true) {
    throw invalidRequest("Invalid value for 'logprobs': Anthropic does not return log probabilities.", "logprobs", "unsupported_value");
  }
}

/**
 * With thinking on, Anthropic wants the last assistant turn, when it called tools, to start with
 * its signed thinking block, which OpenAI messages cannot carry back. Such a turn (the answer to
 * tool results) goes without thinking; the next user turn thinks again.
 */
function continuesToolUse(messages: MessagesRequest["messages"]): boolean {
  const last = messages.findLast((message) => message.role === "assistant");
  return Array.isArray(last?.content) && last.content.some((block) => block.type === "tool_use");
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
