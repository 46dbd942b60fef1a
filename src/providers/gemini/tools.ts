import type { ChatRequest } from "../../chat/types.js";
import { functionTools } from "../shared/function-tools.js";
import { readToolChoice } from "../shared/tool-choice.js";
import { toGeminiJsonSchema } from "./schema.js";
import type { GeminiFunctionDeclaration, GenerateContentRequest } from "./wire.js";

/**
 * `tools` → `functionDeclarations` (parameters as `parametersJsonSchema`); `tool_choice`
 * none/auto/required/named → `functionCallingConfig` mode NONE/AUTO/ANY, a named function or
 * OpenAI's required `allowed_tools` as `allowedFunctionNames`. Gemini takes allowed names only
 * with ANY, so an `auto` allow-list narrows the declarations instead.
 */
export function toGeminiTools(request: ChatRequest): Pick<GenerateContentRequest, "tools" | "toolConfig"> {
  const tools = functionTools(request);
  const choice = readToolChoice(request);
  if (tools.length === 0) return {};

  let declarations = tools.map((tool, index): GeminiFunctionDeclaration => {
    const declaration: GeminiFunctionDeclaration = { name: tool.name };
    if (tool.description !== undefined) declaration.description = tool.description;
    if (tool.parameters) {
      // Gemini wants an object of arguments, which JSON Schemas of arguments often leave implicit.
      const parameters = toGeminiJsonSchema({ type: "object", ...tool.parameters }, { param: `tools[${index}].function.parameters` });
      if (declaresArguments(parameters)) declaration.parametersJsonSchema = parameters;
    }
    return declaration;
  });
  if (choice?.mode === "auto" && choice.allowed) {
    const allowed = choice.allowed;
    declarations = declarations.filter((declaration) => allowed.includes(declaration.name!));
  }

  const result: Pick<GenerateContentRequest, "tools" | "toolConfig"> = { tools: [{ functionDeclarations: declarations }] };
  switch (choice?.mode) {
    case "none":
      result.toolConfig = { functionCallingConfig: { mode: "NONE" } };
      break;
    case "auto":
      result.toolConfig = { functionCallingConfig: { mode: "AUTO" } };
      break;
    case "required":
      result.toolConfig = {
        functionCallingConfig: choice.allowed ? { mode: "ANY", allowedFunctionNames: choice.allowed } : { mode: "ANY" },
      };
      break;
    case "function":
      result.toolConfig = { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.name] } };
      break;
  }
  return result;
}

/** A function without arguments (an object schema that names none, nor any variants) declares no parameters. */
function declaresArguments(schema: Record<string, unknown>): boolean {
  const { type, properties, additionalProperties, anyOf, oneOf } = schema;
  if (type !== "object") return true;
  const named = typeof properties === "object" && properties !== null && Object.keys(properties).length > 0;
  return named || (additionalProperties !== undefined && additionalProperties !== false) || anyOf !== undefined || oneOf !== undefined;
}
