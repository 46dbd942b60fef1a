import { lookupModel } from "../shared/model-table.js";
import type { ReasoningEffort } from "../shared/reasoning-effort.js";
import type { GeminiOptions, ThinkingLevel } from "./options.js";
import type { GeminiThinkingConfig, ThinkingLevelName } from "./wire.js";

const LEVEL_ORDER: readonly ThinkingLevel[] = ["minimal", "low", "medium", "high"];

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
  if (major >= 3) config.thinkingLevel = fitLevel(LEVEL_OF_EFFORT[effort], lookupModel(options.thinking_levels, model) ?? LEVEL_ORDER);
  else config.thinkingBudget = options.thinking_budgets[effort];
  return config;
}

function fitLevel(wanted: ThinkingLevel, accepted: readonly ThinkingLevel[]): ThinkingLevelName {
  const rank = LEVEL_ORDER.indexOf(wanted);
  const fitted =
    LEVEL_ORDER.slice(rank).find((level) => accepted.includes(level)) ?? LEVEL_ORDER.findLast((level) => accepted.includes(level)) ?? wanted;
  return fitted.toUpperCase() as ThinkingLevelName;
}
