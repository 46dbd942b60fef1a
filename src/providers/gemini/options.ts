import { boolean, number, object, oneOf, optional, section } from "../../config/validate.js";
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

/**
 * Which thinking control a model takes: `level` (Gemini 3 on), `budget` (2.5), or `none` (the
 * models that cannot think, which Gemini answers 400 for any thinkingConfig). Unlisted models:
 * `level` from Gemini 3 on, `budget` before.
 */
const DEFAULT_THINKING_MODES = {
  "gemini-1*": "none",
  "gemini-2.0-*": "none",
  "gemma-*": "none",
} as const;

/** The least thinkingBudget a model takes (Google's thinking guide): 2.5 Pro cannot stop thinking. Unlisted: 0. */
const DEFAULT_MIN_THINKING_BUDGETS = {
  "gemini-2.5-pro*": 128,
  "gemini-pro-latest": 128,
};

/** Models that take presencePenalty and frequencyPenalty; 2.5 and later answer 400 "Penalty is not enabled". */
const DEFAULT_PENALTIES = { "gemini-2.0-*": true };

/** `providers.<name>.options` for providers of type `gemini`. */
export const geminiOptions = object({
  /** `reasoning_effort` → `thinkingConfig.thinkingBudget` for models that think on a budget (0 turns thinking off where allowed). */
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
  /** Which thinking control each model takes, by glob: level, budget or none. Replaces the built-in table. */
  thinking_mode_by_model: optional(modelTable(oneOf("level", "budget", "none")), modelRules(DEFAULT_THINKING_MODES)),
  /** The least thinkingBudget each model takes, by glob; a smaller one is raised to it. Replaces the built-in table. */
  min_thinking_budget_by_model: optional(modelTable(number({ min: 0, integer: true })), modelRules(DEFAULT_MIN_THINKING_BUDGETS)),
  /** Whether a model takes presence and frequency penalties, by glob; unmatched: no. Replaces the built-in table. */
  penalties_by_model: optional(modelTable(boolean()), modelRules(DEFAULT_PENALTIES)),
});

export type GeminiOptions = ReturnType<typeof geminiOptions>;

let defaults: GeminiOptions | undefined;

export function readGeminiOptions(options: unknown): GeminiOptions {
  return (options as GeminiOptions | undefined) ?? (defaults ??= geminiOptions(undefined, "options"));
}
