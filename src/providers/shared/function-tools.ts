import type { ChatRequest } from "../../chat/types.js";
import { invalidRequest } from "../../errors.js";

/** A function the model may call, as every native API describes one. */
export interface FunctionTool {
  name: string;
  description: string | undefined;
  /** JSON Schema of the arguments; undefined when the client gave none. */
  parameters: Record<string, unknown> | undefined;
  strict: boolean;
}

/** The request's `tools`, checked: only function tools with a name; anything else is a 400. */
export function functionTools(request: ChatRequest): FunctionTool[] {
  const tools: unknown[] = request.tools ?? [];
  return tools.map((tool, index) => {
    const param = `tools[${index}]`;
    const entry = tool as {
      type?: unknown;
      function?: { name?: unknown; description?: unknown; parameters?: unknown; strict?: unknown };
    } | null;
    if (entry?.type === "custom")
      throw invalidRequest(`Invalid '${param}': custom tools are not supported by this provider.`, param, "unsupported_value");
    const fn = entry?.function;
    if (entry?.type !== "function" || typeof fn !== "object" || fn === null || typeof fn.name !== "string" || fn.name.length === 0) {
      throw invalidRequest(`Invalid '${param}': expected a function tool with a name.`, param, "invalid_value");
    }
    const parameters = fn.parameters;
    if (parameters !== undefined && parameters !== null && (typeof parameters !== "object" || Array.isArray(parameters))) {
      throw invalidRequest(
        `Invalid '${param}.function.parameters': expected a JSON Schema object.`,
        `${param}.function.parameters`,
        "invalid_type",
      );
    }
    return {
      name: fn.name,
      description: typeof fn.description === "string" ? fn.description : undefined,
      parameters: (parameters ?? undefined) as Record<string, unknown> | undefined,
      strict: fn.strict === true,
    };
  });
}
