import type { ChatCompletionMessageParam } from "../../chat/types.js";
import { invalidRequest } from "../../errors.js";
import { contentParts } from "./message-content.js";
import { parseToolArguments } from "./tool-arguments.js";

/**
 * OpenAI messages read once into the few shapes native APIs are built from, with every field a
 * translation relies on checked: a malformed message is a 400 naming its place, never a crash.
 */
export type Turn = SystemTurn | UserTurn | AssistantTurn | ToolTurn;

export interface SystemTurn {
  role: "system";
  text: string;
}

export interface UserTurn {
  role: "user";
  parts: UserPart[];
}

export type UserPart =
  | { type: "text"; text: string }
  /** `param` names the part in the request, for the 400 a provider answers when it cannot take it. */
  | { type: "image"; url: string; param: string }
  | { type: "other"; partType: string; param: string };

export interface AssistantTurn {
  role: "assistant";
  text: string;
  toolCalls: AssistantToolCall[];
}

export interface AssistantToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export interface ToolTurn {
  role: "tool";
  toolCallId: string;
  text: string;
  param: string;
}

export function readConversation(messages: readonly ChatCompletionMessageParam[]): Turn[] {
  return messages.map((message, index) => readTurn(message, `messages[${index}]`));
}

function readTurn(message: ChatCompletionMessageParam, param: string): Turn {
  switch (message.role) {
    case "system":
    case "developer":
      return { role: "system", text: partsText(message.content, param) };
    case "user":
      return { role: "user", parts: userParts(message.content, param) };
    case "assistant":
      return {
        role: "assistant",
        text: partsText(message.content, param, ["text", "refusal"]),
        toolCalls: (message.tool_calls ?? []).map((call, index) => readToolCall(call, `${param}.tool_calls[${index}]`)),
      };
    case "tool":
      if (typeof message.tool_call_id !== "string" || message.tool_call_id.length === 0) {
        throw invalidRequest(`Missing required parameter: '${param}.tool_call_id'.`, `${param}.tool_call_id`, "missing_required_parameter");
      }
      return { role: "tool", toolCallId: message.tool_call_id, text: partsText(message.content, param), param };
    case "function":
      throw invalidRequest(
        `Invalid '${param}.role': 'function' messages are deprecated and not supported by this provider; use 'tool' messages.`,
        `${param}.role`,
        "unsupported_value",
      );
  }
}

/** Joined text of text parts (and refusals, for assistant turns); any other part is a 400. */
function partsText(content: unknown, param: string, accepted: readonly string[] = ["text"]): string {
  let text = "";
  contentParts(content as Parameters<typeof contentParts>[0]).forEach((part, index) => {
    const partParam = `${param}.content[${index}]`;
    if (!accepted.includes(part.type)) {
      throw invalidRequest(
        `Invalid '${partParam}.type': '${String(part.type)}' is not supported in this message.`,
        `${partParam}.type`,
        "invalid_value",
      );
    }
    const value = part.type === "refusal" ? part.refusal : part.text;
    if (typeof value !== "string")
      throw invalidRequest(`Invalid '${partParam}': expected a string '${part.type}'.`, partParam, "invalid_type");
    text += value;
  });
  return text;
}

function userParts(content: unknown, param: string): UserPart[] {
  return contentParts(content as Parameters<typeof contentParts>[0]).map((part, index): UserPart => {
    const partParam = `${param}.content[${index}]`;
    if (part.type === "text") {
      if (typeof part.text !== "string")
        throw invalidRequest(`Invalid '${partParam}.text': expected a string.`, `${partParam}.text`, "invalid_type");
      return { type: "text", text: part.text };
    }
    if (part.type === "image_url") {
      const url = (part.image_url as { url?: unknown } | undefined)?.url;
      if (typeof url !== "string" || url.length === 0) {
        throw invalidRequest(
          `Missing required parameter: '${partParam}.image_url.url'.`,
          `${partParam}.image_url.url`,
          "missing_required_parameter",
        );
      }
      return { type: "image", url, param: `${partParam}.image_url.url` };
    }
    return { type: "other", partType: String(part.type), param: partParam };
  });
}

function readToolCall(call: unknown, param: string): AssistantToolCall {
  const entry = call as { id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } } | null;
  if (entry?.type !== "function") {
    throw invalidRequest(
      `Invalid '${param}.type': only 'function' tool calls are supported by this provider.`,
      `${param}.type`,
      "invalid_value",
    );
  }
  if (typeof entry.id !== "string" || entry.id.length === 0) {
    throw invalidRequest(`Missing required parameter: '${param}.id'.`, `${param}.id`, "missing_required_parameter");
  }
  const name = entry.function?.name;
  if (typeof name !== "string" || name.length === 0) {
    throw invalidRequest(`Missing required parameter: '${param}.function.name'.`, `${param}.function.name`, "missing_required_parameter");
  }
  const args = entry.function?.arguments;
  if (args !== undefined && typeof args !== "string") {
    throw invalidRequest(
      `Invalid type for '${param}.function.arguments': expected a string.`,
      `${param}.function.arguments`,
      "invalid_type",
    );
  }
  return { id: entry.id, name, arguments: parseToolArguments(args, `${param}.function.arguments`) };
}

/** The 400 for a content part a provider cannot take. */
export function unsupportedPart(part: { partType: string; param: string }, provider: string) {
  return invalidRequest(
    `Invalid '${part.param}.type': ${provider} does not accept '${part.partType}' content parts.`,
    `${part.param}.type`,
    "unsupported_value",
  );
}
