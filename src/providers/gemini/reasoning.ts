import { lookupModel } from "../shared/model-table.js";
import { fitToAccepted, type ReasoningEffort } from "../shared/reasoning-effort.js";
import { THINKING_LEVELS, type GeminiOptions, type ThinkingLevel } from "./options.js";
import type { GeminiThinkingConfig, ThinkingLevelName } from "./wire.js";

/** The level each effort asks for before it is fitted to what the model accepts. */
const LEVEL_OF_EFFORT: Record<ReasoningEffort, ThinkingLevel> = {
  none: "minimal",
  minimal: "minimal",
  low: "low",
  medium: "medium",
  high: "high",
  xhigh: "high",
  max: "high",
};

const GEMINI_VERSION = /^gemini-(\d+)(?:\.\d+)?(?:-|$)/;

/**
 * `reasoning_effort` → `thinkingConfig`. Gemini 3 and later take a `thinkingLevel` (the effort's
 * own level, or the next higher one the model accepts, see options); earlier models a
 * `thinkingBudget` from the configured table. Gemini 3 cannot stop thinking, so `none` asks
 * for its lowest level. Thought summaries are asked for whenever reasoning is, so there is
 * reasoning text to return.
 */
export function geminiThinking(effort: ReasoningEffort | undefined, model: string, options: GeminiOptions): GeminiThinkingConfig | undefined {
  if (effort === undefined) return undefined;
  const config: GeminiThinkingConfig = effort === "none" ? {} : { includeThoughts: true };
  const major = Number(GEMINI_VERSION.exec(model)?.[1] ?? 0);
  if (major >= 3) {
    const level = fitToAccepted(LEVEL_OF_EFFORT[effort], lookupModel(options.thinking_levels, model) ?? THINKING_LEVELS, THINKING_LEVELS);
    config.thinkingLevel = level.toUpperCase() as ThinkingLevelName;
  } else config.thinkingBudget = options.thinking_budgets[effort];
  return config;
}
