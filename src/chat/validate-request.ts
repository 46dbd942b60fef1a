import { invalidRequest } from "../errors.js";
import { checkFieldKinds, type FieldKind, invalidType, isObject, kindOf, missing, requestWithModel } from "../http/field-checks.js";
import type { ChatRequest } from "./types.js";

/**
 * Checks the request fields whose type we rely on, in OpenAI's own words, so a client learns
 * the same thing from us as it would from api.openai.com. Fields we do not know are not checked:
 * they pass through to upstreams that may know them. `null` means "not set", as in OpenAI's API.
 * Content parts and tool calls are checked for shape only (objects, parts with a `type`), so no
 * translation meets a null where it reads a field; part types we do not know pass through.
 */

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

/** How many fallback models a request may name in `models` (each may take several attempts). */
export const MAX_FALLBACK_MODELS = 10;

const MESSAGE_ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);

/** Validates a parsed body and returns it typed; throws a 400 ProxyError naming the parameter. */
export function validateChatRequest(body: unknown): ChatRequest {
  const request = requestWithModel(withFallbackModels(body));

  const messages = request.messages;
  if (messages === undefined || messages === null) throw missing("messages");
  if (!Array.isArray(messages)) throw invalidType("messages", "array", messages);
  if (messages.length === 0) {
    throw invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      "messages",
      "empty_array",
    );
  }
  for (let i = 0; i < messages.length; i++) validateMessage(messages[i], `messages[${i}]`);

  checkFieldKinds(request, FIELD_KINDS);
  if (typeof request.n === "number" && request.n < 1) {
    throw invalidRequest(`Invalid value for 'n': expected a value >= 1, but got ${request.n} instead.`, "n", "invalid_value");
  }
  return request as ChatRequest;
}

/**
 * `models` (OpenRouter's): model names to fall back on, in order. A request may name its models
 * there alone, the first being the model.
 */
function withFallbackModels(body: unknown): unknown {
  if (!isObject(body) || body.models === undefined || body.models === null) return body;
  const { models } = body;
  if (!Array.isArray(models)) throw invalidType("models", "array", models);
  if (models.length > MAX_FALLBACK_MODELS) {
    throw invalidRequest(
      `Invalid 'models': array too long. Expected an array with maximum length ${MAX_FALLBACK_MODELS}, but got an array with length ${models.length} instead.`,
      "models",
      "array_above_max_length",
    );
  }
  models.forEach((model, index) => {
    if (typeof model !== "string") throw invalidType(`models[${index}]`, "string", model);
    if (model.length === 0)
      throw invalidRequest(`Invalid value for 'models[${index}]': the model name is empty.`, `models[${index}]`, "invalid_value");
  });
  if ((body.model === undefined || body.model === null) && models.length > 0) body.model = models[0];
  return body;
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
