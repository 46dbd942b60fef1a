import type { ChatRequest } from "../../chat/types.js";
import { invalidRequest } from "../../errors.js";

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name: string | undefined; schema: Record<string, unknown> };

/** The client's `response_format`, checked; undefined when it gave none. */
export function readResponseFormat(request: ChatRequest): ResponseFormat | undefined {
  const format = request.response_format as { type?: unknown; json_schema?: { name?: unknown; schema?: unknown } } | undefined | null;
  if (format === undefined || format === null) return undefined;
  if (format.type === "text" || format.type === "json_object") return { type: format.type };
  if (format.type === "json_schema") {
    const schema = format.json_schema?.schema;
    if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
      throw invalidRequest(
        "Missing required parameter: 'response_format.json_schema.schema'.",
        "response_format.json_schema.schema",
        "missing_required_parameter",
      );
    }
    const name = format.json_schema?.name;
    return { type: "json_schema", name: typeof name === "string" ? name : undefined, schema: schema as Record<string, unknown> };
  }
  throw invalidRequest(
    `Invalid value for 'response_format.type': '${String(format.type)}'. Supported values are: 'text', 'json_object', and 'json_schema'.`,
    "response_format.type",
    "invalid_value",
  );
}
