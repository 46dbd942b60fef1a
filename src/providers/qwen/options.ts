import { list, number, object, optional, string, type Validator } from "../../config/validate.js";
import { globToRegExp } from "../../lib/glob.js";
import type { ReasoningEffort } from "../shared/reasoning-effort.js";

export type ThinkingBudgets = Partial<Record<Exclude<ReasoningEffort, "none">, number>>;

export interface QwenOptions {
  /** `reasoning_effort` → DashScope's `thinking_budget` (tokens); an effort without one lets the model decide. */
  thinkingBudgets: ThinkingBudgets;
  /** Models DashScope serves only as streams (thinking-only models); JSON requests stream upstream. */
  streamOnlyModels: RegExp[];
  /** Hybrid models that think unless told not to; DashScope refuses a JSON call to them that leaves thinking on. */
  thinkingByDefaultModels: RegExp[];
}

const DEFAULT_BUDGETS: ThinkingBudgets = { minimal: 512, low: 2048, medium: 8192, high: 24576 };
const DEFAULT_STREAM_ONLY = ["qwq-*", "qvq-*", "*-thinking*"];
// DashScope: open-source Qwen3 (qwen3-32b, qwen3-235b-a22b, …) and Qwen3.5 and later think by
// default; commercial Qwen3 (qwen-plus, qwen-flash, …) does not, and non-hybrid models
// (qwen-max, qwen3-coder-*, *-instruct-2507) have no thinking switch at all.
const DEFAULT_THINKING_BY_DEFAULT = ["qwen3-*b", "qwen3.*"];

const budget = () => optional(number({ min: 1, integer: true }));
const patterns = (defaults: string[]) => optional(list(string({ nonEmpty: true })), defaults);
const shape = object({
  thinking_budgets: optional(
    object({ minimal: budget(), low: budget(), medium: budget(), high: budget(), xhigh: budget(), max: budget() }),
  ),
  stream_only_models: patterns(DEFAULT_STREAM_ONLY),
  thinking_by_default_models: patterns(DEFAULT_THINKING_BY_DEFAULT),
});

/** `providers.<name>.options` for DashScope; budgets given here replace the defaults one effort at a time. */
export const qwenOptions: Validator<QwenOptions> = (value, path) => {
  const raw = shape(value, path);
  const budgets: ThinkingBudgets = { ...DEFAULT_BUDGETS };
  for (const [effort, tokens] of Object.entries(raw.thinking_budgets ?? {})) {
    if (tokens !== undefined) budgets[effort as keyof ThinkingBudgets] = tokens;
  }
  return {
    thinkingBudgets: budgets,
    streamOnlyModels: raw.stream_only_models.map(globToRegExp),
    thinkingByDefaultModels: raw.thinking_by_default_models.map(globToRegExp),
  };
};

export function readQwenOptions(options: unknown): QwenOptions {
  return (options as QwenOptions | undefined) ?? qwenOptions(undefined, "");
}
