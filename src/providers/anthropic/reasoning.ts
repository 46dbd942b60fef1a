import { fitToAccepted, REASONING_EFFORTS, type ReasoningEffort } from "../shared/reasoning-effort.js";
import { lookupModel } from "../shared/model-table.js";
import { ANTHROPIC_EFFORTS, MIN_THINKING_BUDGET, type AnthropicEffort, type AnthropicOptions } from "./options.js";
import type { MessagesRequest } from "./wire.js";

/** What `reasoning_effort` asks of a Messages request. */
export interface AnthropicReasoning {
  thinking: MessagesRequest["thinking"];
  effort: AnthropicEffort | undefined;
  max_tokens: number;
}

/**
 * `reasoning_effort` → Anthropic thinking, by the model's thinking mode (see options). Adaptive
 * models get `thinking.type: adaptive` with the effort they accept closest to the one asked
 * (`minimal` → `low`); budgeted models get `thinking.budget_tokens` from the configured table;
 * models that cannot think, and `none`, get no thinking at all. `maxTokens` is the client's
 * `max_tokens` or the default; `outputLimit` the most the model may produce, if known.
 */
export function anthropicReasoning(
  effort: ReasoningEffort | undefined,
  model: string,
  maxTokens: number,
  outputLimit: number | undefined,
  options: AnthropicOptions,
): AnthropicReasoning {
  const withoutThinking: AnthropicReasoning = { thinking: undefined, effort: undefined, max_tokens: maxTokens };
  if (effort === undefined || effort === "none") return withoutThinking;
  switch (thinkingMode(model, options)) {
    case "none":
      return withoutThinking;
    case "adaptive": {
      const accepted = lookupModel(options.efforts_by_model, model) ?? ANTHROPIC_EFFORTS;
      // Some models hide thinking text unless asked; the client asked for reasoning, so ask for it.
      return {
        thinking: { type: "adaptive", display: "summarized" },
        effort: fitToAccepted<ReasoningEffort>(effort, accepted, REASONING_EFFORTS) as AnthropicEffort,
        max_tokens: maxTokens,
      };
    }
    case "budget":
      return budgetedThinking(options.thinking_budgets[effort], maxTokens, outputLimit);
  }
}

/**
 * Anthropic wants the budget at least 1024 and below `max_tokens`. When `max_tokens` leaves it
 * no room, `max_tokens` grows by the budget, up to the model's output limit; where the limit
 * stops it, the budget gives way so that the answer keeps the room `max_tokens` gave it (at
 * most half the limit), but never below 1024.
 */
function budgetedThinking(budget: number, maxTokens: number, outputLimit: number | undefined): AnthropicReasoning {
  if (maxTokens > budget) return { thinking: { type: "enabled", budget_tokens: budget }, effort: undefined, max_tokens: maxTokens };
  const total = Math.min(budget + maxTokens, outputLimit ?? Infinity);
  const answerRoom = Math.min(maxTokens, Math.floor(total / 2));
  const fitted = Math.max(MIN_THINKING_BUDGET, Math.min(budget, total - answerRoom));
  return { thinking: { type: "enabled", budget_tokens: fitted }, effort: undefined, max_tokens: total };
}

const CLAUDE_VERSION = /^claude-(?:[a-z]+-)?(\d+)(?:-(\d{1,2})(?=-|$))?/;

function thinkingMode(model: string, options: AnthropicOptions): "adaptive" | "budget" | "none" {
  const configured = lookupModel(options.thinking_mode_by_model, model);
  if (configured) return configured;
  const version = CLAUDE_VERSION.exec(model);
  if (!version) return "budget";
  const major = Number(version[1]);
  const minor = Number(version[2] ?? 0);
  return major > 4 || (major === 4 && minor >= 6) ? "adaptive" : "budget";
}
