import { number, object, optional, section } from "../../config/validate.js";
import { modelRules, modelTable, someOf } from "../shared/model-table.js";

export const THINKING_LEVELS = ["minimal", "low", "medium", "high"] as const;
export type ThinkingLevel = (typeof THINKING_LEVELS)[number];

const budget = () => number({ min: -1, integer: true });

/**
 * The thinking levels each Gemini 3 model accepts (Google's thinking guide: the Pro models take
 * only low and high). First matching glob wins.
 */
const DEFAULT_THINKING_LEVELS: Record<string, ThinkingLevel[]> = {
  "*pro*": ["low", "high"],
  "*": ["minimal", "low", "medium", "high"],
};

/** `providers.<name>.options` for providers of type `gemini`. */
export const geminiOptions = object({
  /** `reasoning_effort` → `thinkingConfig.thinkingBudget` for Gemini 2.x models (0 turns thinking off where allowed). */
  thinking_budgets: section({
    none: optional(budget(), 0),
    minimal: optional(budget(), 512),
    low: optional(budget(), 1024),
    medium: optional(budget(), 8192),
    high: optional(budget(), 24576),
    xhigh: optional(budget(), 24576),
    max: optional(budget(), 24576),
  }),
  /**
   * Gemini 3 and later: the `thinkingLevel` values each model accepts, by glob. An effort maps
   * to its own level, or the next higher one the model accepts. Replaces the built-in table.
   */
  thinking_levels: optional(modelTable(someOf(...THINKING_LEVELS)), modelRules(DEFAULT_THINKING_LEVELS)),
});

export type GeminiOptions = ReturnType<typeof geminiOptions>;

let defaults: GeminiOptions | undefined;

export function readOptions(options: unknown): GeminiOptions {
  return (options as GeminiOptions | undefined) ?? (defaults ??= geminiOptions(undefined, "options"));
}
