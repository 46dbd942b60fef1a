import { invalidRequest } from "../../errors.js";
import { isPlainObject } from "../../lib/is-plain-object.js";
import { contentParts } from "./message-content.js";

/**
 * The request fields native translations read beyond what validate-request checks, read once
 * and checked, so malformed input is a 400 naming the field instead of a crash.
 */

export interface FunctionCallInput {
  id: string;
  name: string;
  /** JSON text, as OpenAI carries it. */
  arguments: string;
}

export interface FunctionToolInput {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  strict?: boolean;
}

function wrongType(param: string, expected: string) {
  return invalidRequest(`Invalid type for '${param}': expected ${expected}.`, param, "invalid_type");
}

function missing(param: string) {
  return invalidRequest(`Missing required parameter: '${param}'.`, param, "missing_required_parameter");
}

/** An assistant message's `tool_calls`; only function calls exist outside OpenAI. */
export function functionCalls(toolCalls: unknown, param: string): FunctionCallInput[] {
  if (toolCalls === undefined || toolCalls === null) return [];
  if (!Array.isArray(toolCalls)) throw wrongType(param, "an array");
  return toolCalls.map((call: unknown, index) => {
    const at = `${param}[${index}]`;
    if (!isPlainObject(call)) throw wrongType(at, "an object");
    if (call.type !== undefined && call.type !== "function") {
      throw invalidRequest(
        `Invalid value for '${at}.type': only function tool calls are supported by this provider.`,
        `${at}.type`,
        "invalid_value",
      );
    }
    if (typeof call.id !== "string") throw missing(`${at}.id`);
    const fn = call.function;
    if (!isPlainObject(fn)) throw missing(`${at}.function`);
    if (typeof fn.name !== "string") throw missing(`${at}.function.name`);
    if (fn.arguments !== undefined && typeof fn.arguments !== "string") throw wrongType(`${at}.function.arguments`, "a string");
    return { id: call.id, name: fn.name, arguments: fn.arguments ?? "" };
  });
}

/** The request's `tools`; only function tools exist outside OpenAI. */
export function functionTools(tools: unknown): FunctionToolInput[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) throw wrongType("tools", "an array");
  return tools.map((tool: unknown, index) => {
    const at = `tools[${index}]`;
    if (!isPlainObject(tool)) throw wrongType(at, "an object");
    if (tool.type !== "function") {
      throw invalidRequest(
        `Invalid value for '${at}.type': only function tools are supported by this provider.`,
        `${at}.type`,
        "invalid_value",
      );
    }
    const fn = tool.function;
    if (!isPlainObject(fn)) throw missing(`${at}.function`);
    if (typeof fn.name !== "string") throw missing(`${at}.function.name`);
    if (fn.parameters !== undefined && fn.parameters !== null && !isPlainObject(fn.parameters)) {
      throw wrongType(`${at}.function.parameters`, "an object");
    }
    const out: FunctionToolInput = { name: fn.name };
    if (typeof fn.description === "string") out.description = fn.description;
    if (isPlainObject(fn.parameters)) out.parameters = fn.parameters;
    if (typeof fn.strict === "boolean") out.strict = fn.strict;
    return out;
  });
}

/** The URL of an `image_url` content part. */
export function imageUrlOf(part: Record<string, unknown>, param: string): string {
  const image = part.image_url;
  const url = isPlainObject(image) ? image.url : undefined;
  if (typeof url !== "string") throw missing(`${param}.image_url.url`);
  return url;
}

/** The text of a `text` content part. */
export function textOf(part: Record<string, unknown>, param: string): string {
  if (typeof part.text !== "string") throw missing(`${param}.text`);
  return part.text;
}

/** A content part this provider cannot take. */
export function unsupportedPart(part: Record<string, unknown>, param: string, provider: string) {
  return invalidRequest(
    `Invalid value for '${param}.type': content parts of type '${String(part.type)}' are not supported by ${provider}.`,
    `${param}.type`,
    "invalid_value",
  );
}

/** A message's content as checked part objects, each with its param path. */
export function contentPartsAt(content: unknown, param: string): Array<[Record<string, unknown>, string]> {
  if (content !== null && content !== undefined && typeof content !== "string" && !Array.isArray(content)) {
    throw wrongType(`${param}.content`, "a string or an array");
  }
  return contentParts(content as Parameters<typeof contentParts>[0]).map((part, index) => {
    const at = `${param}.content[${index}]`;
    if (!isPlainObject(part)) throw wrongType(at, "an object");
    return [part, at];
  });
}

/** The text of a message that carries text only (system, assistant, tool); refusals are text too. */
export function textOnlyContent(content: unknown, param: string, provider: string): string {
  if (typeof content === "string") return content;
  return contentPartsAt(content, param)
    .map(([part, at]) => {
      if (part.type === "text") return textOf(part, at);
      if (part.type === "refusal" && typeof part.refusal === "string") return part.refusal;
      throw unsupportedPart(part, at, `${provider} in this message`);
    })
    .join("");
}
