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
 * `reasoning_effort` → `thinkingConfig`, by the model's thinking mode (see options). Models that
 * think in levels (Gemini 3 on) get the effort's own level or the next higher one they accept,
 * and, since they cannot stop thinking, `none` asks for their lowest; models with a budget get
 * the configured one, raised to the least the model takes (2.5 Pro cannot stop thinking either);
 * models that cannot think get nothing. Thought summaries are asked for whenever reasoning is,
 * so there is reasoning text to return.
 */
export function geminiThinking(
  effort: ReasoningEffort | undefined,
  model: string,
  options: GeminiOptions,
): GeminiThinkingConfig | undefined {
  if (effort === undefined) return undefined;
  const mode = thinkingMode(model, options);
  if (mode === "none") return undefined;
  const config: GeminiThinkingConfig = effort === "none" ? {} : { includeThoughts: true };
  if (mode === "level") {
    const level = fitToAccepted(LEVEL_OF_EFFORT[effort], lookupModel(options.thinking_levels, model) ?? THINKING_LEVELS, THINKING_LEVELS);
    config.thinkingLevel = level.toUpperCase() as ThinkingLevelName;
  } else {
    const budget = options.thinking_budgets[effort];
    // -1 asks the model to size its own thinking, which every budgeted model takes.
    config.thinkingBudget = budget < 0 ? budget : Math.max(budget, lookupModel(options.min_thinking_budget_by_model, model) ?? 0);
  }
  return config;
}

/** Whether the model takes presence and frequency penalties. */
export function takesPenalties(model: string, options: GeminiOptions): boolean {
  return lookupModel(options.penalties_by_model, model) ?? false;
}

/** Gemini 3 and later, the models that think in levels, refuse tool calls sent back without their thought signature. */
export function validatesThoughtSignatures(model: string, options: GeminiOptions): boolean {
  return thinkingMode(model, options) === "level";
}

function thinkingMode(model: string, options: GeminiOptions): "level" | "budget" | "none" {
  const configured = lookupModel(options.thinking_mode_by_model, model);
  if (configured) return configured;
  return Number(GEMINI_VERSION.exec(model)?.[1] ?? 0) >= 3 ? "level" : "budget";
}
