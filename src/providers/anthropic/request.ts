import type { ChatRequest } from "../../chat/types.js";
import { invalidRequest } from "../../errors.js";
import { lookupModel } from "../shared/model-table.js";
import { readReasoningEffort } from "../shared/reasoning-effort.js";
import { readResponseFormat } from "../shared/response-format.js";
import type { TranslationContext, UpstreamCall } from "../types.js";
import { toAnthropicConversation } from "./messages.js";
import { readAnthropicOptions, type AnthropicOptions } from "./options.js";
import { anthropicReasoning } from "./reasoning.js";
import { toAnthropicTools } from "./tools.js";
import type { MessagesRequest, ToolChoice } from "./wire.js";

/** The first API version that refuses `temperature` and `top_p` on every model (version names are dates). */
const SAMPLING_REMOVED_IN = "2026-10-21";

/** `POST {base_url}/v1/messages`, versioned by `anthropic-version`. */
export function buildAnthropicRequest(ctx: TranslationContext): UpstreamCall {
  const { provider } = ctx;
  const options = readAnthropicOptions(provider.options);
  const headers: Record<string, string> = {
    ...provider.headers,
    "content-type": "application/json",
    accept: ctx.clientStream ? "text/event-stream" : "application/json",
    "anthropic-version": options.anthropic_version,
  };
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
  const { tools, tool_choice } = toAnthropicTools(request);
  const outputLimit = lookupModel(options.max_output_tokens_by_model, model);
  const requested = request.max_completion_tokens ?? request.max_tokens;
  const effort = readReasoningEffort(request);
  const reasoning = anthropicReasoning(
    continuesToolUse(messages) || forcesTool(tool_choice) ? undefined : effort,
    model,
    requested ?? lookupModel(options.max_tokens_by_model, model) ?? Math.min(options.default_max_tokens, outputLimit ?? Infinity),
    outputLimit,
    options,
  );

  const body: MessagesRequest = { model, max_tokens: reasoning.max_tokens, messages };
  if (system) body.system = system;
  if (stream) body.stream = true;
  const stop = typeof request.stop === "string" ? [request.stop] : request.stop;
  if (stop && stop.length > 0) body.stop_sequences = stop;
  addSampling(body, request, reasoning.thinking ? "none" : samplingOf(model, options));
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
 * Which sampling parameters the request may carry: Anthropic refuses them while thinking and on
 * API versions from 2026-10-21; otherwise the model's row of `sampling_by_model` says.
 */
function samplingOf(model: string, options: AnthropicOptions): "both" | "one" | "none" {
  if (options.anthropic_version >= SAMPLING_REMOVED_IN) return "none";
  return lookupModel(options.sampling_by_model, model) ?? "both";
}

/** Temperature and top_p, clamped to Anthropic's 0–1; a model that takes one keeps temperature. */
function addSampling(body: MessagesRequest, request: ChatRequest, sampling: "both" | "one" | "none"): void {
  if (sampling === "none") return;
  if (typeof request.temperature === "number") body.temperature = clamp(request.temperature, 0, 1);
  if (typeof request.top_p === "number" && (sampling === "both" || body.temperature === undefined)) body.top_p = clamp(request.top_p, 0, 1);
}

/** Thinking is incompatible with forced tool use (`any` or a named tool): such a request goes without. */
function forcesTool(choice: ToolChoice | undefined): boolean {
  return choice?.type === "any" || choice?.type === "tool";
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
