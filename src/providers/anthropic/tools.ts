import type { ChatRequest } from "../../chat/types.js";
import { functionTools } from "../shared/function-tools.js";
import { readToolChoice } from "../shared/tool-choice.js";
import type { Tool, ToolChoice } from "./wire.js";

export interface AnthropicTools {
  tools: Tool[] | undefined;
  tool_choice: ToolChoice | undefined;
}

const EMPTY_SCHEMA: Tool.InputSchema = { type: "object", properties: {} };

/**
 * `tools` → `input_schema` tools; `tool_choice` none/auto/required/named → none/auto/any/tool;
 * `parallel_tool_calls: false` → `disable_parallel_tool_use`. OpenAI's `allowed_tools` has no
 * Anthropic twin: the tool list itself is narrowed to the allowed ones.
 */
export function toAnthropicTools(request: ChatRequest): AnthropicTools {
  let tools = functionTools(request);
  const choice = readToolChoice(request);
  if (tools.length === 0) return { tools: undefined, tool_choice: undefined };

  const allowed = choice && (choice.mode === "auto" || choice.mode === "required") ? choice.allowed : undefined;
  if (allowed) tools = tools.filter((tool) => allowed.includes(tool.name));

  const native = tools.map((tool): Tool => {
    // Anthropic requires `type: object`, which JSON Schemas of arguments often leave implicit.
    const out: Tool = { name: tool.name, input_schema: tool.parameters ? { type: "object", ...tool.parameters } : EMPTY_SCHEMA };
    if (tool.description !== undefined) out.description = tool.description;
    if (tool.strict) out.strict = true;
    return out;
  });

  const disableParallel = request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  let toolChoice: ToolChoice | undefined;
  switch (choice?.mode) {
    case undefined:
      toolChoice = request.parallel_tool_calls === false ? { type: "auto", ...disableParallel } : undefined;
      break;
    case "none":
      toolChoice = { type: "none" };
      break;
    case "auto":
      toolChoice = { type: "auto", ...disableParallel };
      break;
    case "required":
      toolChoice = { type: "any", ...disableParallel };
      break;
    case "function":
      toolChoice = { type: "tool", name: choice.name, ...disableParallel };
      break;
  }
  return { tools: native, tool_choice: toolChoice };
}
