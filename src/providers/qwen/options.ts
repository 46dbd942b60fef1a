import { list, number, object, optional, string, type Validator } from "../../config/validate.js";
import { globToRegExp } from "../../routing/glob.js";
import type { ReasoningEffort } from "../shared/reasoning-effort.js";

export type ThinkingBudgets = Partial<Record<Exclude<ReasoningEffort, "none">, number>>;

export interface QwenOptions {
  /** `reasoning_effort` → DashScope's `thinking_budget` (tokens); an effort without one lets the model decide. */
  thinkingBudgets: ThinkingBudgets;
  /** Models DashScope serves only as streams (thinking-only models); JSON requests stream upstream. */
  streamOnlyModels: RegExp[];
}

const DEFAULT_BUDGETS: ThinkingBudgets = { minimal: 512, low: 2048, medium: 8192, high: 24576 };
const DEFAULT_STREAM_ONLY = ["qwq-*", "qvq-*", "*-thinking*"];

const budget = () => optional(number({ min: 1, integer: true }));
const shape = object({
  thinking_budgets: optional(object({ minimal: budget(), low: budget(), medium: budget(), high: budget(), xhigh: budget(), max: budget() })),
  stream_only_models: optional(list(string({ nonEmpty: true })), DEFAULT_STREAM_ONLY),
});

/** `providers.<name>.options` for DashScope; budgets given here replace the defaults one effort at a time. */
export const qwenOptions: Validator<QwenOptions> = (value, path) => {
  const raw = shape(value, path);
  const budgets: ThinkingBudgets = { ...DEFAULT_BUDGETS };
  for (const [effort, tokens] of Object.entries(raw.thinking_budgets ?? {})) {
    if (tokens !== undefined) budgets[effort as keyof ThinkingBudgets] = tokens;
  }
  return { thinkingBudgets: budgets, streamOnlyModels: raw.stream_only_models.map(globToRegExp) };
};

export function readQwenOptions(options: unknown): QwenOptions {
  return (options as QwenOptions | undefined) ?? qwenOptions(undefined, "");
}
