import type { ChatCompletion, ChatCompletionMessageToolCall } from "../../chat/types.js";
import { malformedUpstream, parseUpstreamObject } from "../shared/upstream-json.js";
import type { TranslatedResponse, TranslationContext } from "../types.js";
import { anthropicFinishReason } from "./finish-reason.js";
import { anthropicUsage } from "./usage.js";
import type { Message } from "./wire.js";

type AssistantMessage = ChatCompletion.Choice["message"] & { reasoning_content?: string };

/**
 * A Messages API answer → an OpenAI completion: text blocks → `content`, thinking blocks →
 * `reasoning_content` (never mixed into the content), `tool_use` blocks → `tool_calls` with
 * JSON-string arguments. Blocks OpenAI has no place for (server tools, redacted thinking) are left out.
 */
export function parseAnthropicResponse(body: string, ctx: TranslationContext): TranslatedResponse {
  const message = parseUpstreamObject(body) as unknown as Message;
  if (!Array.isArray(message.content) || typeof message.usage !== "object" || message.usage === null) throw malformedUpstream();

  let content: string | null = null;
  let reasoning: string | undefined;
  const toolCalls: ChatCompletionMessageToolCall[] = [];
  for (const block of message.content) {
    if (typeof block !== "object" || block === null) throw malformedUpstream();
    if (block.type === "text") content = (content ?? "") + block.text;
    else if (block.type === "thinking") reasoning = (reasoning ?? "") + block.thinking;
    else if (block.type === "tool_use") {
      toolCalls.push({ id: block.id, type: "function", function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    }
  }

  const assistant: AssistantMessage = { role: "assistant", content, refusal: null };
  if (reasoning !== undefined) assistant.reasoning_content = reasoning;
  if (toolCalls.length > 0) assistant.tool_calls = toolCalls;
  const completion: ChatCompletion = {
    id: ctx.completionId,
    object: "chat.completion",
    created: ctx.created,
    model: typeof message.model === "string" ? message.model : ctx.upstreamModel,
    choices: [{ index: 0, message: assistant, logprobs: null, finish_reason: anthropicFinishReason(message.stop_reason) }],
    usage: anthropicUsage(message.usage),
  };
  return { completion };
}
