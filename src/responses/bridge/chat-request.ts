import type { ChatCompletionTool, ChatRequest } from "../../chat/types.js";
import { missing } from "../../http/field-checks.js";
import type { ProviderConfig } from "../../providers/types.js";
import { conversationItems, previousResponseNotFound } from "../conversation.js";
import type { ResponsesRequest } from "../types.js";
import type { ResponsesCall } from "../call.js";
import { cannotCarry, chatMessages } from "./chat-messages.js";

type Tool = {
  type: string;
  name?: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
};

/** Parameters only an upstream that speaks the Responses API can serve: a 400 naming them elsewhere. */
const NATIVE_ONLY = ["background", "conversation", "prompt"] as const;

/**
 * A Responses request → the chat request the provider's chat translation takes: the conversation
 * (stored and new), `instructions`, function tools and `tool_choice`, `parallel_tool_calls`,
 * `text.format` as `response_format`, `reasoning.effort` as `reasoning_effort` (which each chat
 * translation maps onto its provider's thinking), `max_output_tokens` as `max_tokens`, sampling,
 * `metadata`. A built-in tool, or anything else chat cannot carry, is a 400 naming it, never
 * silently dropped.
 */
export function chatRequestFor(call: ResponsesCall, provider: ProviderConfig, upstreamModel: string): BridgedChat {
  const body = call.body;
  for (const field of NATIVE_ONLY) {
    if (body[field] != null && body[field] !== false) throw cannotCarry(`'${field}'`, provider, field);
  }
  if (body.previous_response_id && !call.lineage) throw previousResponseNotFound(body.previous_response_id);
  const { items, params } = conversationItems(call);
  if (items.length === 0) throw missing("input");
  const { messages, params: messageParams } = chatMessages(items, body.instructions, provider, params);
  const chat: ChatRequest = { model: upstreamModel, messages };
  if (body.stream === true) chat.stream = true;
  const tools = functionTools(body.tools as Tool[] | undefined, provider);
  if (tools.length > 0) chat.tools = tools;
  if (body.tool_choice != null) chat.tool_choice = chatToolChoice(body.tool_choice, provider);
  if (typeof body.parallel_tool_calls === "boolean") chat.parallel_tool_calls = body.parallel_tool_calls;
  const format = responseFormat(body, provider);
  if (format) chat.response_format = format;
  const effort = body.reasoning?.effort;
  if (typeof effort === "string") chat.reasoning_effort = effort as ChatRequest["reasoning_effort"];
  if (typeof body.max_output_tokens === "number") chat.max_tokens = body.max_output_tokens;
  if (typeof body.temperature === "number") chat.temperature = body.temperature;
  if (typeof body.top_p === "number") chat.top_p = body.top_p;
  if (body.metadata && Object.keys(body.metadata).length > 0) chat.metadata = body.metadata;
  if (typeof body.user === "string") chat.user = body.user;
  if (typeof body.prompt_cache_key === "string") chat.prompt_cache_key = body.prompt_cache_key;
  return { chat, messageParams };
}

export interface BridgedChat {
  chat: ChatRequest;
  /** Where each chat message came from, for errors that name one (see inResponsesTerms). */
  messageParams: string[];
}

function functionTools(tools: Tool[] | undefined, provider: ProviderConfig): ChatCompletionTool[] {
  return (tools ?? []).map((tool, index) => {
    if (tool.type !== "function") {
      throw cannotCarry(`The tool '${tool.type}'`, provider, `tools[${index}].type`, "only function tools can be bridged");
    }
    const fn: ChatCompletionTool & { type: "function" } = { type: "function", function: { name: tool.name! } };
    if (tool.description) fn.function.description = tool.description;
    if (tool.parameters) fn.function.parameters = tool.parameters;
    if (typeof tool.strict === "boolean") fn.function.strict = tool.strict;
    return fn;
  });
}

function chatToolChoice(choice: NonNullable<ResponsesRequest["tool_choice"]>, provider: ProviderConfig): ChatRequest["tool_choice"] {
  if (typeof choice === "string") return choice;
  const named = choice as { type: string; name?: string; mode?: "auto" | "required"; tools?: Array<{ type: string; name?: string }> };
  if (named.type === "function" && typeof named.name === "string") return { type: "function", function: { name: named.name } };
  if (named.type === "allowed_tools" && Array.isArray(named.tools)) {
    return {
      type: "allowed_tools",
      allowed_tools: {
        mode: named.mode ?? "auto",
        tools: named.tools.map((tool, index) => {
          if (tool.type !== "function") {
            throw cannotCarry(
              `The tool '${tool.type}'`,
              provider,
              `tool_choice.tools[${index}].type`,
              "only function tools can be bridged",
            );
          }
          return { type: "function", function: { name: tool.name } };
        }),
      },
    };
  }
  throw cannotCarry(`A tool_choice of type '${named.type}'`, provider, "tool_choice.type", "only function tools can be bridged");
}

function responseFormat(body: ResponsesRequest, provider: ProviderConfig): ChatRequest["response_format"] {
  const format = body.text?.format as { type: string; name?: string; schema?: object; description?: string; strict?: boolean } | undefined;
  if (!format || format.type === "text") return undefined;
  if (format.type === "json_object") return { type: "json_object" };
  if (format.type === "json_schema") {
    const schema: { name: string; schema?: Record<string, unknown>; description?: string; strict?: boolean } = {
      name: format.name!,
      schema: format.schema as Record<string, unknown>,
    };
    if (format.description) schema.description = format.description;
    if (typeof format.strict === "boolean") schema.strict = format.strict;
    return { type: "json_schema", json_schema: schema };
  }
  throw cannotCarry(`A text.format of type '${format.type}'`, provider, "text.format.type");
}
