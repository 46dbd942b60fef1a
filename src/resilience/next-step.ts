import type { ProxyError } from "../errors.js";
import { backoffDelay } from "./backoff.js";
import type { RetryConfig } from "./config.js";

/** What the attempt loop does after a failed upstream call. */
export type NextStep = { action: "retry"; waitMs: number } | { action: "next" } | { action: "stop" };

export interface FailedAttempt {
  failure: ProxyError;
  /** Retries already made on this candidate. */
  retriesDone: number;
  settings: RetryConfig;
  /** Another candidate is left to try. */
  hasNext: boolean;
  /** The target is out of rotation now (it just entered a cooldown, or was in one). */
  cooling: boolean;
  /** Milliseconds left until the request's deadline. */
  remainingMs: number;
  /** The upstream's Retry-After, when it sent one. */
  retryAfterMs: number | undefined;
}

/**
 * The failure's recovery (decided where it was made), bounded: a retry only while the candidate
 * has retries left, its Retry-After is one worth waiting for, the wait ends before the deadline and
 * the target is still in rotation (or is the last hope); otherwise the next candidate, while the
 * deadline allows. Every path either consumes a retry, moves past a candidate, or stops, so a
 * request makes at most (max_retries + 1) calls per candidate.
 */
export function nextStep(attempt: FailedAttempt, random = Math.random): NextStep {
  const { failure, settings, retryAfterMs } = attempt;
  const onward: NextStep = attempt.hasNext && attempt.remainingMs > 0 ? { action: "next" } : { action: "stop" };
  if (failure.recovery === "none") return { action: "stop" };
  if (failure.recovery === "next") return onward;
  if (retryAfterMs !== undefined && retryAfterMs > settings.max_retry_after_ms) return onward;
  if (attempt.retriesDone >= settings.max_retries) return onward;
  if (attempt.cooling && attempt.hasNext) return onward;
  const waitMs = retryAfterMs ?? backoffDelay(attempt.retriesDone + 1, settings, random);
  if (waitMs >= attempt.remainingMs) return onward;
  return { action: "retry", waitMs };
}
