/**
 * What each OpenAI model family accepts, as data: one row per family, first match wins, so more
 * specific rows come first. `policy.families` in the config replaces a row by name or adds rows in
 * front of these. Families are matched on the upstream model name without any host prefix
 * (`openai/o3-mini` on OpenRouter is `o3-mini`), whichever provider serves it; a model no row
 * matches is left alone.
 *
 * Sources: OpenAI's reasoning guide and API reference (max_completion_tokens, developer messages,
 * reasoning_effort values per model), and the errors OpenAI answers (test/fixtures/errors).
 */

/** An unsupported parameter, with the documented exceptions under which it is accepted after all. */
export interface UnsupportedParameter {
  /** Values the family accepts anyway (temperature: only the default 1). */
  allowed_values?: (string | number | boolean)[];
  /** Reasoning efforts under which the parameter is accepted (gpt-5.1+ take sampling parameters with `none`). */
  allowed_with_reasoning_effort?: string[];
}

export interface ReasoningEffortRule {
  /** The values the family accepts. */
  values: string[];
  /** What the upstream does when the request names none. */
  upstream_default: string;
  /** The default the proxy fills in for this family; else `policy.reasoning_effort`. */
  default?: string;
}

export interface FamilyRule {
  name: string;
  /** Globs on the bare, lower-cased model name. */
  match: string[];
  /** Parameters the family knows under another name. */
  rename?: Record<string, string>;
  unsupported?: Record<string, UnsupportedParameter>;
  /** Message roles the family expects under another name. */
  roles?: Record<string, string>;
  reasoning_effort?: ReasoningEffortRule;
}

/** From least to most effort: a value a family rejects is moved to the nearest one it accepts. */
export const EFFORT_SCALE = ["none", "minimal", "low", "medium", "high", "xhigh", "max"] as const;

const ONLY_DEFAULT_TEMPERATURE: UnsupportedParameter = { allowed_values: [1] };

/** Sampling parameters reasoning models refuse (`stop` too: o3, o4-mini and gpt-5 answer unsupported_parameter). */
const REASONING_UNSUPPORTED: Record<string, UnsupportedParameter> = {
  stop: {},
  temperature: ONLY_DEFAULT_TEMPERATURE,
  top_p: {},
  presence_penalty: {},
  frequency_penalty: {},
  logprobs: {},
  top_logprobs: {},
  logit_bias: {},
};

/** gpt-5.1 and later sample like chat models when they do not reason (`reasoning_effort: none`). */
const WITHOUT_REASONING = { allowed_with_reasoning_effort: ["none"] };
const GPT_5_1_UNSUPPORTED: Record<string, UnsupportedParameter> = {
  ...REASONING_UNSUPPORTED,
  temperature: { ...ONLY_DEFAULT_TEMPERATURE, ...WITHOUT_REASONING },
  top_p: WITHOUT_REASONING,
  logprobs: WITHOUT_REASONING,
  top_logprobs: WITHOUT_REASONING,
};

const MAX_COMPLETION_TOKENS = { max_tokens: "max_completion_tokens" };
const DEVELOPER_ROLE = { system: "developer" };
const NOT_A_REASONING_MODEL = { reasoning_effort: {} };

export const BUILT_IN_FAMILIES: readonly FamilyRule[] = [
  // Chat variants of gpt-5 do not reason and sample like chat models.
  { name: "gpt-5-chat", match: ["gpt-5-chat*", "gpt-5.*-chat*"], rename: MAX_COMPLETION_TOKENS, unsupported: NOT_A_REASONING_MODEL },
  {
    name: "gpt-5-pro",
    match: ["gpt-5-pro*"],
    rename: MAX_COMPLETION_TOKENS,
    unsupported: REASONING_UNSUPPORTED,
    roles: DEVELOPER_ROLE,
    reasoning_effort: { values: ["high"], upstream_default: "high" },
  },
  {
    name: "gpt-5.1",
    match: ["gpt-5.1", "gpt-5.1-*"],
    rename: MAX_COMPLETION_TOKENS,
    unsupported: GPT_5_1_UNSUPPORTED,
    roles: DEVELOPER_ROLE,
    reasoning_effort: { values: ["none", "low", "medium", "high"], upstream_default: "none" },
  },
  {
    name: "gpt-5.2+",
    match: ["gpt-5.*"],
    rename: MAX_COMPLETION_TOKENS,
    unsupported: GPT_5_1_UNSUPPORTED,
    roles: DEVELOPER_ROLE,
    reasoning_effort: { values: ["none", "low", "medium", "high", "xhigh"], upstream_default: "none" },
  },
  {
    name: "gpt-5",
    match: ["gpt-5", "gpt-5-*"],
    rename: MAX_COMPLETION_TOKENS,
    unsupported: REASONING_UNSUPPORTED,
    roles: DEVELOPER_ROLE,
    reasoning_effort: { values: ["minimal", "low", "medium", "high"], upstream_default: "medium" },
  },
  // The first o1 models take no reasoning_effort and neither system nor developer messages: their
  // instructions go in as user messages.
  {
    name: "o1-early",
    match: ["o1-mini*", "o1-preview*"],
    rename: MAX_COMPLETION_TOKENS,
    unsupported: { ...REASONING_UNSUPPORTED, temperature: {}, ...NOT_A_REASONING_MODEL },
    roles: { system: "user", developer: "user" },
  },
  // The small o-models refuse temperature outright, even its default.
  {
    name: "o-series-mini",
    match: ["o3-mini*", "o4-mini*"],
    rename: MAX_COMPLETION_TOKENS,
    unsupported: { ...REASONING_UNSUPPORTED, temperature: {} },
    roles: DEVELOPER_ROLE,
    reasoning_effort: { values: ["low", "medium", "high"], upstream_default: "medium" },
  },
  {
    name: "o-series",
    match: ["o1", "o1-*", "o3", "o3-*", "o4", "o4-*"],
    rename: MAX_COMPLETION_TOKENS,
    unsupported: REASONING_UNSUPPORTED,
    roles: DEVELOPER_ROLE,
    reasoning_effort: { values: ["low", "medium", "high"], upstream_default: "medium" },
  },
  { name: "gpt-4.1", match: ["gpt-4.1*"], rename: MAX_COMPLETION_TOKENS, unsupported: NOT_A_REASONING_MODEL },
  {
    name: "legacy",
    match: ["gpt-4o*", "chatgpt-4o*", "gpt-4", "gpt-4-*", "gpt-4.5*", "gpt-3.5*"],
    unsupported: NOT_A_REASONING_MODEL,
  },
];
