import { boolean, number, object, optional, section, type ShapeValue } from "../config/validate.js";

/** `retry:` (and `routes[].retry`, field by field over it): how a failed upstream attempt is tried again. */
export interface RetryConfig {
  /** Further attempts on one target after its first; 0: none (fallbacks still run). */
  max_retries: number;
  /** The first retry's wait; each next one doubles it (jittered), up to max_backoff_ms. */
  backoff_ms: number;
  max_backoff_ms: number;
  /** An upstream Retry-After longer than this is not waited for: the next target is tried at once. */
  max_retry_after_ms: number;
  /** How long a request may take, across every attempt and wait, until its answer starts. */
  deadline_ms: number;
  /** Continue a stream cut after its first content on the next target (off: the stream ends with an error event). */
  resume_streams: boolean;
}

/** `cooldown:`: a target that keeps failing leaves rotation for a while. */
export interface CooldownConfig {
  /** Retryable failures within window_s that take a target out of rotation; 0 turns cooldowns off. */
  failures: number;
  window_s: number;
  /** How long it stays out (longer when its Retry-After says so), before one probe request. */
  duration_s: number;
}

const ms = (min = 0) => number({ min, integer: true });

const retryFields = {
  max_retries: optional(number({ min: 0, max: 10, integer: true })),
  backoff_ms: optional(ms()),
  max_backoff_ms: optional(ms()),
  max_retry_after_ms: optional(ms()),
  deadline_ms: optional(ms(1)),
  resume_streams: optional(boolean()),
};

export const DEFAULT_RETRY: RetryConfig = {
  max_retries: 3,
  backoff_ms: 1000,
  max_backoff_ms: 8000,
  max_retry_after_ms: 30_000,
  deadline_ms: 600_000,
  resume_streams: false,
};

/** What a route's `retry:` says; fields it leaves out keep the global value. */
export type RetryOverrides = Partial<RetryConfig>;

const overrides = object(retryFields);

/** `retry:` at the top of the config. */
export const retryConfig = {
  optional: true as const,
  validate: (value: unknown, path: string): RetryConfig => ({ ...DEFAULT_RETRY, ...definedOnly(overrides(value, path)) }),
};

/** `routes[].retry`. */
export const routeRetry = {
  optional: true as const,
  validate: (value: unknown, path: string): RetryOverrides | undefined =>
    value === undefined || value === null ? undefined : definedOnly(overrides(value, path)),
};

/** `cooldown:` at the top of the config. */
export const cooldownConfig = section({
  failures: optional(number({ min: 0, integer: true }), 3),
  window_s: optional(number({ min: 1 }), 60),
  duration_s: optional(number({ min: 1 }), 30),
});

/** A route's retry settings: its own fields over the global ones. */
export function mergeRetry(global: RetryConfig, route: RetryOverrides | undefined): RetryConfig {
  return route ? { ...global, ...route } : global;
}

function definedOnly(value: ShapeValue<typeof retryFields>): RetryOverrides {
  const out: RetryOverrides = {};
  for (const [key, field] of Object.entries(value)) if (field !== undefined) (out as Record<string, unknown>)[key] = field;
  return out;
}
