import type { ReasoningEffort } from "../shared/reasoning-effort.js";
import { lookupModel } from "../shared/model-table.js";
import type { AnthropicOptions } from "./options.js";
import type { MessagesRequest } from "./wire.js";

type Effort = NonNullable<NonNullable<MessagesRequest["output_config"]>["effort"]>;

/** What `reasoning_effort` asks of a Messages request. */
export interface AnthropicReasoning {
  thinking: MessagesRequest["thinking"];
  effort: Effort | undefined;
  max_tokens: number;
}

/** Adaptive thinking has no `minimal`; the closest effort it knows is `low`. */
const ADAPTIVE_EFFORT: Record<Exclude<ReasoningEffort, "none">, Effort> = {
  minimal: "low",
  low: "low",
  medium: "medium",
  high: "high",
  xhigh: "xhigh",
  max: "max",
};

/**
 * `reasoning_effort` → Anthropic thinking. Claude 4.6 and later think adaptively
 * (`thinking.type: adaptive` with `output_config.effort`; Claude 5 refuses budgets); earlier
 * models take `thinking.budget_tokens` from the configured table, which Anthropic wants at least
 * 1024 and below `max_tokens`, so `max_tokens` grows by the budget when it would not leave room.
 * `none` sends no thinking at all: the model's default.
 */
export function anthropicReasoning(
  effort: ReasoningEffort | undefined,
  model: string,
  maxTokens: number,
  options: AnthropicOptions,
): AnthropicReasoning {
  if (effort === undefined || effort === "none") return { thinking: undefined, effort: undefined, max_tokens: maxTokens };
  if (thinkingMode(model, options) === "adaptive") {
    // Some models hide thinking text unless asked; the client asked for reasoning, so ask for it.
    return { thinking: { type: "adaptive", display: "summarized" }, effort: ADAPTIVE_EFFORT[effort], max_tokens: maxTokens };
  }
  const budget = options.thinking_budgets[effort];
  return {
    thinking: { type: "enabled", budget_tokens: budget },
    effort: undefined,
    max_tokens: maxTokens > budget ? maxTokens : budget + maxTokens,
  };
}

const CLAUDE_VERSION = /^claude-(?:[a-z]+-)?(\d+)(?:-(\d{1,2})(?=-|$))?/;

function thinkingMode(model: string, options: AnthropicOptions): "adaptive" | "budget" {
  const configured = lookupModel(options.thinking_mode_by_model, model);
  if (configured) return configured;
  const version = CLAUDE_VERSION.exec(model);
  if (!version) return "budget";
  const major = Number(version[1]);
  const minor = Number(version[2] ?? 0);
  return major > 4 || (major === 4 && minor >= 6) ? "adaptive" : "budget";
}
