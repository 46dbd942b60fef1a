import { number, object, oneOf, optional, section, string } from "../../config/validate.js";
import { modelRules, modelTable } from "../shared/model-table.js";

/** Anthropic refuses a thinking budget below this. */
export const MIN_THINKING_BUDGET = 1024;

const tokens = () => number({ min: 1, integer: true });
const budget = () => number({ min: MIN_THINKING_BUDGET, integer: true });

/**
 * `max_tokens` is required by the Messages API; OpenAI clients rarely send it. Models whose
 * output limit is below the fallback get their own default (Anthropic's models overview).
 */
const DEFAULT_MAX_TOKENS_BY_MODEL = {
  "claude-3-haiku*": 4096,
  "claude-3-opus*": 4096,
  "claude-3-sonnet*": 4096,
  "claude-3-5-*": 8192,
  "claude-opus-4-0*": 32000,
  "claude-opus-4-1*": 32000,
  "claude-opus-4-2025*": 32000,
};

/** `providers.<name>.options` for providers of type `anthropic`. */
export const anthropicOptions = object({
  /** The `anthropic-version` header. From 2026-10-21 on, temperature and top_p are refused (and left out). */
  anthropic_version: optional(string({ nonEmpty: true }), "2023-06-01"),
  /** `max_tokens` sent when the client gives none and no `max_tokens_by_model` glob matches. */
  default_max_tokens: optional(tokens(), 32000),
  /** Per-model default `max_tokens`, first matching glob wins; replaces the built-in table. */
  max_tokens_by_model: optional(modelTable(tokens()), modelRules(DEFAULT_MAX_TOKENS_BY_MODEL)),
  /** `reasoning_effort` → `thinking.budget_tokens` for models with budgeted thinking (before Claude 4.6). */
  thinking_budgets: section({
    minimal: optional(budget(), 1024),
    low: optional(budget(), 1024),
    medium: optional(budget(), 4096),
    high: optional(budget(), 16384),
    xhigh: optional(budget(), 24576),
    max: optional(budget(), 32000),
  }),
  /**
   * Which thinking form a model takes, by glob: `adaptive` (`thinking.type: adaptive` with
   * `output_config.effort`) or `budget`. Unmatched models: adaptive from Claude 4.6 on.
   */
  thinking_mode_by_model: optional(modelTable(oneOf("adaptive", "budget")), modelRules({ "claude-mythos-*": "adaptive" as const })),
});

export type AnthropicOptions = ReturnType<typeof anthropicOptions>;

let defaults: AnthropicOptions | undefined;

export function readOptions(options: unknown): AnthropicOptions {
  return (options as AnthropicOptions | undefined) ?? (defaults ??= anthropicOptions(undefined, "options"));
}
