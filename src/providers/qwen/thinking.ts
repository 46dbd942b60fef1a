import type { ChatRequest } from "../../chat/types.js";
import { readReasoningEffort } from "../shared/reasoning-effort.js";
import type { ThinkingBudgets } from "./options.js";

export interface QwenThinking {
  enable_thinking?: boolean;
  thinking_budget?: number;
}

/**
 * `reasoning_effort` → DashScope's `enable_thinking` and `thinking_budget`. DashScope's own
 * fields, when the client sends them, win: they are the more precise request. A model that
 * always thinks refuses `enable_thinking: false`, so `none` asks it for nothing.
 */
export function qwenThinking(request: ChatRequest, budgets: ThinkingBudgets, alwaysThinks: boolean): QwenThinking {
  const effort = readReasoningEffort(request);
  const thinking: QwenThinking = {};
  if (typeof request.enable_thinking === "boolean") thinking.enable_thinking = request.enable_thinking;
  else if (effort !== undefined && !(effort === "none" && alwaysThinks)) thinking.enable_thinking = effort !== "none";
  if (typeof request.thinking_budget === "number") thinking.thinking_budget = request.thinking_budget;
  else if (effort !== undefined && effort !== "none" && thinking.enable_thinking && budgets[effort] !== undefined) {
    thinking.thinking_budget = budgets[effort];
  }
  return thinking;
}
