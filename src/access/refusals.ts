import { ProxyError } from "../errors.js";
import type { BudgetPeriod } from "./config.js";
import { openAIDuration, retryAfterSeconds } from "./durations.js";
import { PERIOD_WORDS } from "./periods.js";
import type { Principal } from "./principal.js";

/** Why a request was refused, as the refusal metric labels it. */
export type RefusalReason =
  | "missing_key"
  | "invalid_key"
  | "model_not_allowed"
  | "rate_limited"
  | "tokens_limited"
  | "parallel_limited"
  | "request_too_large"
  | "budget_exceeded"
  | "store_unavailable";

/** A limit as the messages name it, in OpenAI's words. */
export interface LimitName {
  kind: "requests" | "tokens";
  /** `requests per min (RPM)`. */
  words: string;
}

/** Who a limit belongs to, as the messages say it. */
export function scopeWords(principal: Principal | undefined): string {
  return principal ? `key '${principal.name}'` : "this proxy (all keys together)";
}

/** OpenAI's 403 for a model the project may not use, with the key in place of the project. */
export function modelNotAllowed(principal: Principal, model: string): ProxyError {
  return new ProxyError(403, `Key '${principal.name}' does not have access to model \`${model}\``, {
    type: "invalid_request_error",
    code: "model_not_found",
  });
}

/** OpenAI's 429 `rate_limit_exceeded`: which limit, its numbers, and when to come back. */
export function rateLimited(
  scope: string,
  model: string,
  limit: LimitName,
  numbers: { limit: number; used: number; requested: number },
  retryMs: number,
): ProxyError {
  return new ProxyError(
    429,
    `Rate limit reached for ${model} in ${scope} on ${limit.words}: Limit ${numbers.limit}, Used ${numbers.used}, Requested ${numbers.requested}. Please try again in ${openAIDuration(retryMs)}.`,
    {
      type: limit.kind,
      code: "rate_limit_exceeded",
      headers: { "retry-after": retryAfterSeconds(retryMs), "retry-after-ms": String(Math.ceil(retryMs)) },
    },
  );
}

/** OpenAI's answer for a request larger than the whole limit: waiting cannot help, so clients must not retry. */
export function requestTooLarge(scope: string, model: string, limit: LimitName, numbers: { limit: number; requested: number }): ProxyError {
  return new ProxyError(
    429,
    `Request too large for ${model} in ${scope} on ${limit.words}: Limit ${numbers.limit}, Requested ${numbers.requested}. The input or output tokens must be reduced in order to run successfully.`,
    { type: limit.kind, code: "rate_limit_exceeded", headers: { "x-should-retry": "false" } },
  );
}

export function tooManyInFlight(principal: Principal, limit: number, inFlight: number): ProxyError {
  return new ProxyError(
    429,
    `Too many requests in flight for key '${principal.name}': Limit ${limit}, In flight ${inFlight}. Please try again when one of them has finished.`,
    { type: "requests", code: "rate_limit_exceeded", headers: { "retry-after": "1" } },
  );
}

/**
 * OpenAI's 429 `insufficient_quota`, naming the budget and its period. The same status every
 * time (never a 400 one day and a 429 the next), and `x-should-retry: false`: the openai SDKs
 * retry 429s unless told not to, and retrying cannot help until the period ends.
 */
export function budgetExceeded(
  principal: Principal,
  budget: { usd: number; period: BudgetPeriod; periodKey: string; endsAt: number | undefined },
  spentUsd: number,
  reservedUsd: number,
): ProxyError {
  const inFlight = reservedUsd > 0 ? ` (and ${dollars(reservedUsd)} is reserved by requests in flight)` : "";
  const period = budget.period === "total" ? "" : ` for the ${budget.period} starting ${budget.periodKey} (UTC)`;
  const resets = budget.endsAt === undefined ? "It does not reset." : `It resets at ${new Date(budget.endsAt).toISOString()}.`;
  return new ProxyError(
    429,
    `You exceeded your current quota: key '${principal.name}' has spent ${dollars(spentUsd)}${inFlight} of its ${dollars(budget.usd)} ${PERIOD_WORDS[budget.period]} budget${period}. ${resets}`,
    { type: "insufficient_quota", code: "insufficient_quota", headers: { "x-should-retry": "false" } },
  );
}

/** `limits.fail_open: false` and the shared store is down: refuse, but as a retryable 503, never a 500. */
export function limitStoreUnavailable(): ProxyError {
  return new ProxyError(
    503,
    "The proxy cannot check rate limits and budgets right now (their store is unreachable). Please try again shortly.",
    {
      type: "server_error",
      code: "rate_limit_store_unavailable",
      headers: { "retry-after": "1" },
    },
  );
}

/** Cents, or four decimals for amounts under a dollar that cents would round to nothing. */
function dollars(usd: number): string {
  return `$${usd.toFixed(usd > 0 && usd < 0.01 ? 4 : 2)}`;
}
