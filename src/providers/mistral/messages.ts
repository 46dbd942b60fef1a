import type { ChatCompletionMessageParam } from "../../chat/types.js";
import { isPlainObject } from "../../lib/is-plain-object.js";
import { invalidRequest } from "../../errors.js";
import { contentPartsAt, functionCalls, imageUrlOf, textOf, textOnlyContent, unsupportedPart } from "../shared/request-parts.js";
import { mistralToolCallId } from "./tool-call-ids.js";
import type { MistralAssistantMessage, MistralContentChunk, MistralMessage } from "./wire.js";

const PROVIDER = "Mistral";

/**
 * The assistant turn put between a tool result and a user or system message. Mistral refuses
 * that order ("Unexpected role 'user' after role 'tool'"), which OpenAI accepts (the user spoke
 * before the model answered the results), and refuses an assistant message without content, so
 * the turn says, in few words, what happened.
 */
export const MISTRAL_TOOL_RESULTS_BRIDGE = "Tool results received.";

/**
 * OpenAI messages → Mistral's. Mistral refuses fields it does not define, so each message is
 * rebuilt from the fields Mistral knows (a client's `name` or `reasoning_content` is left out);
 * `developer` becomes `system`, and tool-call ids take Mistral's form on both ends of a call.
 * Mistral also refuses two orders OpenAI takes: a tool result followed by a user or system
 * message (an assistant turn is put between), and a conversation ending in assistant text that
 * is not marked `prefix` (it is marked: Mistral then starts its answer with that text).
 */
export function mistralMessages(messages: ChatCompletionMessageParam[]): MistralMessage[] {
  const toolNames = new Map<string, string>();
  const out: MistralMessage[] = [];
  messages.forEach((message, index) => {
    const translated = mistralMessage(message, `messages[${index}]`, toolNames);
    if (out.at(-1)?.role === "tool" && translated.role !== "tool" && translated.role !== "assistant") {
      out.push({ role: "assistant", content: MISTRAL_TOOL_RESULTS_BRIDGE });
    }
    out.push(translated);
  });
  const last = out.at(-1);
  if (last?.role === "assistant" && last.content && !last.tool_calls) last.prefix = true;
  return out;
}

function mistralMessage(message: ChatCompletionMessageParam, param: string, toolNames: Map<string, string>): MistralMessage {
  switch (message.role) {
    case "system":
    case "developer":
      return { role: "system", content: textContent(message.content, param) };
    case "user":
      return { role: "user", content: userContent(message.content, param) };
    case "assistant":
      return assistantMessage(message, param, toolNames);
    case "tool": {
      const id = message.tool_call_id;
      if (typeof id !== "string") {
        throw invalidRequest(`Missing required parameter: '${param}.tool_call_id'.`, `${param}.tool_call_id`, "missing_required_parameter");
      }
      const name = toolNames.get(id);
      return { role: "tool", content: textContent(message.content, param), tool_call_id: mistralToolCallId(id), ...(name ? { name } : {}) };
    }
    default:
      throw invalidRequest(
        `Invalid value for '${param}.role': '${message.role}' messages are not supported by ${PROVIDER}; use tool messages.`,
        `${param}.role`,
        "invalid_value",
      );
  }
}

function assistantMessage(
  message: Extract<ChatCompletionMessageParam, { role: "assistant" }>,
  param: string,
  toolNames: Map<string, string>,
): MistralAssistantMessage {
  const out: MistralAssistantMessage = { role: "assistant" };
  const calls = functionCalls(message.tool_calls, `${param}.tool_calls`);
  const text = textContent(message.content, param);
  if (text.length > 0 || calls.length === 0) out.content = text;
  if (calls.length > 0) {
    out.tool_calls = calls.map((call) => {
      toolNames.set(call.id, call.name);
      return { id: mistralToolCallId(call.id), type: "function", function: { name: call.name, arguments: call.arguments } };
    });
  }
  // Mistral's own prefill flag, for clients that know it.
  if ((message as { prefix?: unknown }).prefix === true) out.prefix = true;
  return out;
}

function textContent(content: unknown, param: string): string {
  return textOnlyContent(content, param, PROVIDER);
}

function userContent(content: unknown, param: string): string | MistralContentChunk[] {
  if (typeof content === "string") return content;
  return contentPartsAt(content, param).map(([part, at]): MistralContentChunk => {
    switch (part.type) {
      case "text":
        return { type: "text", text: textOf(part, at) };
      case "image_url": {
        const detail = isPlainObject(part.image_url) ? part.image_url.detail : undefined;
        const url = imageUrlOf(part, at);
        return { type: "image_url", image_url: typeof detail === "string" ? { url, detail } : url };
      }
      case "input_audio": {
        const data = isPlainObject(part.input_audio) ? part.input_audio.data : undefined;
        if (typeof data !== "string") {
          throw invalidRequest(
            `Missing required parameter: '${at}.input_audio.data'.`,
            `${at}.input_audio.data`,
            "missing_required_parameter",
          );
        }
        return { type: "input_audio", input_audio: data };
      }
      case "file": {
        const fileId = isPlainObject(part.file) ? part.file.file_id : undefined;
        if (typeof fileId === "string") return { type: "file", file_id: fileId };
        throw invalidRequest(`Invalid value for '${at}.file': ${PROVIDER} takes files by file_id only.`, `${at}.file`, "invalid_value");
      }
      default:
        throw unsupportedPart(part, at, PROVIDER);
    }
  });
}
