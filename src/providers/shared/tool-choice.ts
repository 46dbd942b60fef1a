import type { ChatRequest } from "../../chat/types.js";
import { invalidRequest } from "../../errors.js";

/** OpenAI's `tool_choice`, read into one shape every native API can be mapped from. */
export type ToolChoice =
  | { mode: "none" }
  /** `allowed` narrows the tools the model may pick from (OpenAI's `allowed_tools`). */
  | { mode: "auto"; allowed: string[] | undefined }
  | { mode: "required"; allowed: string[] | undefined }
  | { mode: "function"; name: string };

/** The client's `tool_choice`, or undefined when it gave none; anything malformed is a 400. */
export function readToolChoice(request: ChatRequest): ToolChoice | undefined {
  const choice: unknown = request.tool_choice;
  if (choice === undefined || choice === null) return undefined;
  if (choice === "none") return { mode: "none" };
  if (choice === "auto" || choice === "required") return { mode: choice, allowed: undefined };
  if (typeof choice === "object") {
    const named = choice as { type?: unknown; function?: { name?: unknown }; allowed_tools?: { mode?: unknown; tools?: unknown } };
    if (named.type === "function" && typeof named.function?.name === "string") return { mode: "function", name: named.function.name };
    if (named.type === "allowed_tools") return readAllowedTools(named.allowed_tools);
    if (named.type === "custom")
      throw invalidRequest("Custom tools are not supported by this provider.", "tool_choice", "unsupported_value");
  }
  throw invalidRequest(
    "Invalid 'tool_choice': expected 'none', 'auto', 'required', or an object naming a function.",
    "tool_choice",
    "invalid_value",
  );
}

function readAllowedTools(allowed: { mode?: unknown; tools?: unknown } | undefined): ToolChoice {
  const param = "tool_choice.allowed_tools";
  if (!allowed || (allowed.mode !== "auto" && allowed.mode !== "required") || !Array.isArray(allowed.tools)) {
    throw invalidRequest(`Invalid '${param}': expected a mode ('auto' or 'required') and a list of tools.`, param, "invalid_value");
  }
  const names = allowed.tools.map((tool: { type?: unknown; function?: { name?: unknown } }, index) => {
    if (tool?.type !== "function" || typeof tool.function?.name !== "string") {
      throw invalidRequest(
        `Invalid '${param}.tools[${index}]': expected a function tool with a name.`,
        `${param}.tools[${index}]`,
        "invalid_value",
      );
    }
    return tool.function.name;
  });
  return { mode: allowed.mode, allowed: names };
}
