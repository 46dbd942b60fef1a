import { invalidRequest } from "../errors.js";
import type { ChatRequest } from "./types.js";

/**
 * Checks the request fields whose type we rely on, in OpenAI's own words, so a client learns
 * the same thing from us as it would from api.openai.com. Fields we do not know are not checked:
 * they pass through to upstreams that may know them. `null` means "not set", as in OpenAI's API.
 * Content parts and tool calls are checked for shape only (objects, parts with a `type`), so no
 * translation meets a null where it reads a field; part types we do not know pass through.
 */

type FieldKind = "string" | "number" | "integer" | "boolean" | "object" | "array" | "string|array" | "string|object";

const FIELD_KINDS: Readonly<Record<string, FieldKind>> = {
  frequency_penalty: "number",
  presence_penalty: "number",
  temperature: "number",
  top_p: "number",
  n: "integer",
  max_tokens: "integer",
  max_completion_tokens: "integer",
  seed: "integer",
  top_logprobs: "integer",
  logprobs: "boolean",
  stream: "boolean",
  parallel_tool_calls: "boolean",
  store: "boolean",
  user: "string",
  reasoning_effort: "string",
  service_tier: "string",
  stop: "string|array",
  tool_choice: "string|object",
  logit_bias: "object",
  metadata: "object",
  response_format: "object",
  stream_options: "object",
  tools: "array",
  modalities: "array",
};

const KIND_WORDS: Record<FieldKind, string> = {
  string: "a string",
  number: "a decimal",
  integer: "an integer",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  "string|array": "a string or an array",
  "string|object": "a string or an object",
};

const MESSAGE_ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);

export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a decimal";
  if (typeof value === "boolean") return "a boolean";
  return "a string";
}

function matches(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "string|array":
      return typeof value === "string" || Array.isArray(value);
    case "string|object":
      return typeof value === "string" || (typeof value === "object" && value !== null && !Array.isArray(value));
  }
}

function invalidType(param: string, kind: FieldKind | "array of messages", value: unknown) {
  const expected = kind === "array of messages" ? "an array" : KIND_WORDS[kind];
  return invalidRequest(`Invalid type for '${param}': expected ${expected}, but got ${kindOf(value)} instead.`, param, "invalid_type");
}

export function missing(param: string) {
  return invalidRequest(`Missing required parameter: '${param}'.`, param, "missing_required_parameter");
}

/** A body that is an object with a model name, as every endpoint's request is; throws the 400 OpenAI answers otherwise. */
export function requestWithModel(body: unknown): Record<string, unknown> & { model: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalidRequest(`Invalid type for request body: expected an object, but got ${kindOf(body)} instead.`, null, "invalid_type");
  }
  const request = body as Record<string, unknown>;
  if (request.model === undefined || request.model === null) throw missing("model");
  if (typeof request.model !== "string") throw invalidType("model", "string", request.model);
  if (request.model.length === 0) throw invalidRequest("Invalid value for 'model': the model name is empty.", "model", "invalid_value");
  return request as Record<string, unknown> & { model: string };
}

/** Validates a parsed body and returns it typed; throws a 400 ProxyError naming the parameter. */
export function validateChatRequest(body: unknown): ChatRequest {
  const request = requestWithModel(body);

  const messages = request.messages;
  if (messages === undefined || messages === null) throw missing("messages");
  if (!Array.isArray(messages)) throw invalidType("messages", "array of messages", messages);
  if (messages.length === 0) {
    throw invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      "messages",
      "empty_array",
    );
  }
  for (let i = 0; i < messages.length; i++) validateMessage(messages[i], `messages[${i}]`);

  for (const key in FIELD_KINDS) {
    const value = request[key];
    if (value === undefined || value === null) continue;
    const kind = FIELD_KINDS[key]!;
    if (!matches(kind, value)) throw invalidType(key, kind, value);
  }
  if (typeof request.n === "number" && request.n < 1) {
    throw invalidRequest(`Invalid value for 'n': expected a value >= 1, but got ${request.n} instead.`, "n", "invalid_value");
  }
  return request as ChatRequest;
}

function validateMessage(message: unknown, param: string): void {
  if (typeof message !== "object" || message === null || Array.isArray(message)) {
    throw invalidRequest(`Invalid type for '${param}': expected an object, but got ${kindOf(message)} instead.`, param, "invalid_type");
  }
  const { role, content, tool_calls: toolCalls } = message as { role?: unknown; content?: unknown; tool_calls?: unknown };
  if (role === undefined) throw missing(`${param}.role`);
  if (typeof role !== "string" || !MESSAGE_ROLES.has(role)) {
    throw invalidRequest(
      `Invalid value: '${String(role)}'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool', and 'function'.`,
      `${param}.role`,
      "invalid_value",
    );
  }
  if (content !== undefined && content !== null && typeof content !== "string" && !Array.isArray(content)) {
    throw invalidRequest(
      `Invalid type for '${param}.content': expected one of a string or array of objects, but got ${kindOf(content)} instead.`,
      `${param}.content`,
      "invalid_type",
    );
  }
  if (Array.isArray(content)) {
    for (let i = 0; i < content.length; i++) {
      const part: unknown = content[i];
      if (!isObject(part)) throw invalidType(`${param}.content[${i}]`, "object", part);
      if (typeof part.type !== "string") throw missing(`${param}.content[${i}].type`);
    }
  }
  if (toolCalls !== undefined && toolCalls !== null) {
    if (!Array.isArray(toolCalls)) throw invalidType(`${param}.tool_calls`, "array", toolCalls);
    for (let i = 0; i < toolCalls.length; i++) {
      if (!isObject(toolCalls[i])) throw invalidType(`${param}.tool_calls[${i}]`, "object", toolCalls[i]);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return matches("object", value);
}
