import { invalidRequest } from "../errors.js";
import { checkFieldKinds, type FieldKind, invalidType, isObject, missing, requestWithModel } from "../http/field-checks.js";
import type { ResponsesRequest } from "./types.js";

/**
 * Checks a `POST /v1/responses` body where we rely on it, in OpenAI's words: the fields' types, and
 * the shape of input items and tools (objects with a string `type`, messages with a role and
 * content, calls with their ids), so no translation meets a null where it reads a field. What a
 * provider cannot do with a well-formed item is decided where the request is translated.
 */
const FIELD_KINDS: Readonly<Record<string, FieldKind>> = {
  input: "string|array",
  instructions: "string",
  previous_response_id: "string",
  tools: "array",
  tool_choice: "string|object",
  parallel_tool_calls: "boolean",
  text: "object",
  reasoning: "object",
  max_output_tokens: "integer",
  max_tool_calls: "integer",
  temperature: "number",
  top_p: "number",
  top_logprobs: "integer",
  metadata: "object",
  store: "boolean",
  stream: "boolean",
  stream_options: "object",
  background: "boolean",
  include: "array",
  truncation: "string",
  user: "string",
  safety_identifier: "string",
  prompt_cache_key: "string",
  service_tier: "string",
  conversation: "string|object",
  prompt: "object",
};

const MESSAGE_ROLES = new Set(["user", "assistant", "system", "developer"]);

export function validateResponsesRequest(body: unknown): ResponsesRequest {
  const request = requestWithModel(body);
  checkFieldKinds(request, FIELD_KINDS);
  if (Array.isArray(request.input)) eachOf(request.input, "input", checkInputItem);
  if (Array.isArray(request.tools)) eachOf(request.tools, "tools", checkTool);
  if (isObject(request.text) && request.text.format != null) {
    const format = request.text.format;
    if (!isObject(format)) throw invalidType("text.format", "object", format);
    if (typeof format.type !== "string") throw missing("text.format.type");
    if (format.type === "json_schema") {
      if (typeof format.name !== "string") throw missing("text.format.name");
      if (!isObject(format.schema)) throw missing("text.format.schema");
    }
  }
  if (isObject(request.reasoning) && request.reasoning.effort != null && typeof request.reasoning.effort !== "string") {
    throw invalidType("reasoning.effort", "string", request.reasoning.effort);
  }
  return request as ResponsesRequest;
}

function checkInputItem(item: unknown, param: string): void {
  if (!isObject(item)) throw invalidType(param, "object", item);
  const type = item.type ?? "message";
  if (typeof type !== "string") throw invalidType(`${param}.type`, "string", item.type);
  switch (type) {
    case "message":
      checkMessage(item, param);
      break;
    case "function_call":
      for (const field of ["call_id", "name", "arguments"]) requireString(item, field, param);
      break;
    case "function_call_output":
      requireString(item, "call_id", param);
      if (typeof item.output !== "string" && !Array.isArray(item.output)) {
        throw item.output === undefined ? missing(`${param}.output`) : invalidType(`${param}.output`, "string|array", item.output);
      }
      if (Array.isArray(item.output)) eachOf(item.output, `${param}.output`, checkPart);
      break;
    case "item_reference":
      requireString(item, "id", param);
      break;
  }
}

function checkMessage(item: Record<string, unknown>, param: string): void {
  if (item.role === undefined) throw missing(`${param}.role`);
  if (typeof item.role !== "string" || !MESSAGE_ROLES.has(item.role)) {
    throw invalidRequest(
      `Invalid value: '${String(item.role)}'. Supported values are: 'user', 'assistant', 'system', and 'developer'.`,
      `${param}.role`,
      "invalid_value",
    );
  }
  const content = item.content;
  if (content === undefined) throw missing(`${param}.content`);
  if (typeof content !== "string" && !Array.isArray(content)) throw invalidType(`${param}.content`, "string|array", content);
  if (Array.isArray(content)) eachOf(content, `${param}.content`, checkPart);
}

function checkPart(part: unknown, param: string): void {
  if (!isObject(part)) throw invalidType(param, "object", part);
  if (typeof part.type !== "string") throw missing(`${param}.type`);
  if ((part.type === "input_text" || part.type === "output_text") && typeof part.text !== "string") throw missing(`${param}.text`);
}

function checkTool(tool: unknown, param: string): void {
  if (!isObject(tool)) throw invalidType(param, "object", tool);
  if (typeof tool.type !== "string") throw missing(`${param}.type`);
  if (tool.type === "function") requireString(tool, "name", param);
}

function requireString(item: Record<string, unknown>, field: string, param: string): void {
  const value = item[field];
  if (value === undefined || value === null) throw missing(`${param}.${field}`);
  if (typeof value !== "string") throw invalidType(`${param}.${field}`, "string", value);
}

function eachOf(values: unknown[], param: string, check: (value: unknown, param: string) => void): void {
  for (let index = 0; index < values.length; index++) check(values[index], `${param}[${index}]`);
}
