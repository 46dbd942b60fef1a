import { number, object, oneOf, optional, section, string } from "../../config/validate.js";
import { modelRules, modelTable, someOf } from "../shared/model-table.js";

/** Anthropic refuses a thinking budget below this. */
export const MIN_THINKING_BUDGET = 1024;

/** The values of `output_config.effort`, from least to most. */
export const ANTHROPIC_EFFORTS = ["low", "medium", "high", "xhigh", "max"] as const;
export type AnthropicEffort = (typeof ANTHROPIC_EFFORTS)[number];

const tokens = () => number({ min: 1, integer: true });
const budget = () => number({ min: MIN_THINKING_BUDGET, integer: true });

/**
 * The most output tokens each model may produce (Anthropic's models overview). `max_tokens` is
 * defaulted within it and a thinking budget never raises it past it. Unlisted models: no limit known.
 */
const MAX_OUTPUT_TOKENS_BY_MODEL = {
  "claude-3-haiku*": 4096,
  "claude-3-opus*": 4096,
  "claude-3-sonnet*": 4096,
  "claude-3-5-*": 8192,
  "claude-3-7-*": 64000,
  "claude-opus-4-0*": 32000,
  "claude-opus-4-1*": 32000,
  "claude-opus-4-2025*": 32000,
  "claude-sonnet-4-0*": 64000,
  "claude-sonnet-4-2025*": 64000,
  "claude-*-4-5*": 64000,
  "claude-*-4-6*": 128000,
  "claude-opus-4-7*": 128000,
  "claude-opus-4-8*": 128000,
};

/**
 * Which thinking a model takes: budgeted (`thinking.budget_tokens`), adaptive (with
 * `output_config.effort`), or none at all (Claude 3 and 3.5). Unlisted models think adaptively
 * from Claude 4.6 on, with a budget before.
 */
const THINKING_MODE_BY_MODEL = {
  "claude-mythos-*": "adaptive",
  "claude-3-7-*": "budget",
  "claude-3-*": "none",
  "claude-2*": "none",
  "claude-instant*": "none",
} as const;

/**
 * Which sampling parameters a model takes: `both` temperature and top_p; `one` of them (Opus 4.1
 * and the 4.5 and 4.6 models refuse the pair; temperature is kept); `none` (from Opus 4.7 on,
 * Anthropic refuses them outright). Unlisted names, such as Anthropic-compatible APIs' own models,
 * get both.
 */
const SAMPLING_BY_MODEL = {
  "claude-3-*": "both",
  "claude-2*": "both",
  "claude-instant*": "both",
  "claude-opus-4-0*": "both",
  "claude-opus-4-2025*": "both",
  "claude-sonnet-4-0*": "both",
  "claude-sonnet-4-2025*": "both",
  "claude-opus-4-1*": "one",
  "claude-*-4-5*": "one",
  "claude-*-4-6*": "one",
  "claude-*": "none",
} as const;

/**
 * The efforts each adaptive model accepts (Anthropic's effort guide: `xhigh` came with Opus 4.7,
 * and the 4.6 models and Mythos Preview refuse it). Unlisted models: all of them.
 */
const EFFORTS_BY_MODEL: Record<string, AnthropicEffort[]> = {
  "claude-opus-4-6*": ["low", "medium", "high", "max"],
  "claude-sonnet-4-6*": ["low", "medium", "high", "max"],
  "claude-mythos-preview*": ["low", "medium", "high", "max"],
};

/** `providers.<name>.options` for providers of type `anthropic`. */
export const anthropicOptions = object({
  /** The `anthropic-version` header. From 2026-10-21 on, temperature and top_p are refused (and left out). */
  anthropic_version: optional(string({ nonEmpty: true }), "2023-06-01"),
  /** `max_tokens` sent when the client gives none and no `max_tokens_by_model` glob matches (lowered to the model's output limit). */
  default_max_tokens: optional(tokens(), 32000),
  /** Per-model default `max_tokens`, first matching glob wins. */
  max_tokens_by_model: optional(modelTable(tokens()), []),
  /** Per-model output limit, first matching glob wins; replaces the built-in table. */
  max_output_tokens_by_model: optional(modelTable(tokens()), modelRules(MAX_OUTPUT_TOKENS_BY_MODEL)),
  /** `reasoning_effort` → `thinking.budget_tokens` for models with budgeted thinking (before Claude 4.6). */
  thinking_budgets: section({
    minimal: optional(budget(), 1024),
    low: optional(budget(), 1024),
    medium: optional(budget(), 4096),
    high: optional(budget(), 16384),
    xhigh: optional(budget(), 24576),
    max: optional(budget(), 32000),
  }),
  /** Which thinking form a model takes, by glob: adaptive, budget or none; replaces the built-in table. */
  thinking_mode_by_model: optional(modelTable(oneOf("adaptive", "budget", "none")), modelRules(THINKING_MODE_BY_MODEL)),
  /** The `output_config.effort` values each adaptive model accepts, by glob; replaces the built-in table. */
  efforts_by_model: optional(modelTable(someOf(...ANTHROPIC_EFFORTS)), modelRules(EFFORTS_BY_MODEL)),
  /** Which sampling parameters a model takes, by glob: both, one or none; replaces the built-in table. */
  sampling_by_model: optional(modelTable(oneOf("both", "one", "none")), modelRules(SAMPLING_BY_MODEL)),
});

export type AnthropicOptions = ReturnType<typeof anthropicOptions>;

let defaults: AnthropicOptions | undefined;

export function readAnthropicOptions(options: unknown): AnthropicOptions {
  return (options as AnthropicOptions | undefined) ?? (defaults ??= anthropicOptions(undefined, "options"));
}
