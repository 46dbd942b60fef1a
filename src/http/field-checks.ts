import { invalidRequest, type ProxyError } from "../errors.js";

/**
 * Type checks of request fields in OpenAI's own words (`Invalid type for 'temperature': expected a
 * decimal, but got a string instead.`), shared by the endpoints' validators so a client learns the
 * same thing from us as from api.openai.com. `null` means "not set", as in OpenAI's API.
 */
export type FieldKind = "string" | "number" | "integer" | "boolean" | "object" | "array" | "string|array" | "string|object";

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

export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a decimal";
  if (typeof value === "boolean") return "a boolean";
  return "a string";
}

export function matches(kind: FieldKind, value: unknown): boolean {
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
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "string|array":
      return typeof value === "string" || Array.isArray(value);
    case "string|object":
      return typeof value === "string" || isObject(value);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function invalidType(param: string, kind: FieldKind, value: unknown): ProxyError {
  return invalidRequest(
    `Invalid type for '${param}': expected ${KIND_WORDS[kind]}, but got ${kindOf(value)} instead.`,
    param,
    "invalid_type",
  );
}

export function missing(param: string): ProxyError {
  return invalidRequest(`Missing required parameter: '${param}'.`, param, "missing_required_parameter");
}

/** Checks each field of `kinds` the request sets (null counts as unset); throws a 400 naming the first that is of another kind. */
export function checkFieldKinds(request: Record<string, unknown>, kinds: Readonly<Record<string, FieldKind>>): void {
  for (const key in kinds) {
    const value = request[key];
    if (value === undefined || value === null) continue;
    const kind = kinds[key]!;
    if (!matches(kind, value)) throw invalidType(key, kind, value);
  }
}

/** The body is a JSON object with a non-empty string `model`; returns it as a record. */
export function requestWithModel(body: unknown): Record<string, unknown> & { model: string } {
  if (!isObject(body)) {
    throw invalidRequest(`Invalid type for request body: expected an object, but got ${kindOf(body)} instead.`, null, "invalid_type");
  }
  if (body.model === undefined || body.model === null) throw missing("model");
  if (typeof body.model !== "string") throw invalidType("model", "string", body.model);
  if (body.model.length === 0) throw invalidRequest("Invalid value for 'model': the model name is empty.", "model", "invalid_value");
  return body as Record<string, unknown> & { model: string };
}
