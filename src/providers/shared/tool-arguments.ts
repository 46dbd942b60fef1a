import { invalidRequest } from "../../errors.js";

/**
 * OpenAI carries tool-call arguments as a JSON string; native APIs want the object. Anything
 * but a JSON object is the client's mistake: a 400 naming where it was.
 */
export function parseToolArguments(text: string | undefined, param: string): Record<string, unknown> {
  if (text === undefined || text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidRequest(`Invalid '${param}': the tool call arguments are not valid JSON.`, param, "invalid_value");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidRequest(`Invalid '${param}': the tool call arguments must be a JSON object.`, param, "invalid_value");
  }
  return value as Record<string, unknown>;
}
