import { ProxyError } from "../errors.js";
import { retryAfterMs } from "../resilience/backoff.js";
import { cooldownKey } from "../resilience/candidate-order.js";
import { AttemptDeadline } from "../resilience/deadline.js";
import type { AttemptOutcome } from "../resilience/metrics.js";
import { nextStep, type NextStep } from "../resilience/next-step.js";
import { wait } from "../resilience/wait.js";
import { attemptCandidate } from "./attempt.js";
import type { Candidate, Exchange } from "./types.js";

/** A failure the client may end up seeing, with the attempt it came from. */
interface Failed {
  failure: ProxyError;
  provider: string;
  model: string;
  upstream: boolean;
}

const OUTCOME_OF: Record<NextStep["action"], AttemptOutcome> = { retry: "retried", next: "failed_over", stop: "failed" };
const NEXT: Record<NextStep["action"], string> = { retry: "retry", next: "next target", stop: "give up" };

/**
 * The attempt loop: each candidate in the plan's order, each retried as `retry` allows, until one
 * answers (nothing of a failed attempt has reached the client). The client's own errors end it at
 * once; so does the client leaving (no further attempt, no wait left running). A candidate that
 * could not be called at all (no key, a fallback whose policy refuses the request) is passed
 * over. When every candidate failed, the client gets the last upstream failure.
 */
export async function runAttempts<Request>(exchange: Exchange<Request>): Promise<void> {
  const { candidates, cancellation, outcome, app, retry: settings } = exchange;
  const { cooldowns, metrics } = app.resilience;
  const deadlineAt = exchange.startedAt + settings.deadline_ms;
  let failed: Failed | undefined;
  let refused: Failed | undefined;
  let previous: Candidate | undefined;
  let answered = -1;
  try {
    for (let index = 0; index < candidates.length; index++) {
      const candidate = candidates[index]!;
      const provider = candidate.target.provider.name;
      for (let retries = 0; ; retries++) {
        const remainingMs = deadlineAt - performance.now();
        if ((index > 0 || retries > 0) && remainingMs <= 0) break;
        const deadline = deadlineOf(exchange, candidate, index === 0 && retries === 0, remainingMs);
        const calls = outcome.attempts;
        const movedFrom = retries === 0 ? previous : undefined;
        try {
          exchange.answer = await attemptCandidate(exchange, candidate, deadline?.signal);
          deadline?.committed();
          answered = index;
          if (movedFrom) metrics?.fallback(movedFrom.target.provider.name, provider);
          metrics?.attempt(provider, "success");
          if (candidate.probe || candidate.cooling) cooldowns.recovered(cooldownKey(candidate.target));
          return;
        } catch (error) {
          deadline?.dispose();
          const called = outcome.attempts > calls;
          if (called && movedFrom) metrics?.fallback(movedFrom.target.provider.name, provider);
          if (cancellation.aborted) {
            if (called) metrics?.attempt(provider, "cancelled");
            throw error;
          }
          if (!(error instanceof ProxyError)) throw error;
          const attempt: Failed = { failure: error, provider, model: candidate.target.upstreamModel, upstream: outcome.upstreamError };
          if (!called) {
            // Refused before any call: the requested model's refusal is the client's answer; a fallback's only passes it over.
            if (error.recovery === "none" && !candidate.fallback) throw error;
            refused ??= attempt;
            break;
          }
          const step = afterFailure(exchange, candidate, error, retries, index < candidates.length - 1, deadlineAt);
          metrics?.attempt(provider, OUTCOME_OF[step.action]);
          if (step.action === "stop") throw error;
          if (step.action === "next") {
            failed = attempt;
            previous = candidate;
            break;
          }
          await wait(step.waitMs, cancellation);
        }
      }
    }
  } finally {
    releaseUnusedProbes(exchange, answered);
  }
  const last = failed ?? refused!;
  // The client hears of the failure that tells it most, from the attempt that made it.
  outcome.provider = last.provider;
  outcome.model = last.model;
  outcome.upstreamError = last.upstream;
  exchange.headers["x-llm-proxy-provider"] = last.provider;
  throw last.failure;
}

/**
 * The first attempt runs on the request's own signal, bounded by its timeouts alone, unless the
 * deadline is nearer than its first_byte_ms (no timer on the path without faults in the default
 * config); every later one has a deadline timer of its own.
 */
function deadlineOf<Request>(
  exchange: Exchange<Request>,
  candidate: Candidate,
  first: boolean,
  remainingMs: number,
): AttemptDeadline | undefined {
  const { deadline_ms } = exchange.retry;
  if (first && deadline_ms >= candidate.target.provider.timeouts.first_byte_ms) return undefined;
  return new AttemptDeadline(exchange.cancellation, remainingMs, deadline_ms);
}

/** Cooldown bookkeeping, the next step, and the one log line a failed attempt gets. */
function afterFailure<Request>(
  exchange: Exchange<Request>,
  candidate: Candidate,
  failure: ProxyError,
  retriesDone: number,
  hasNext: boolean,
  deadlineAt: number,
): NextStep {
  const { app, snapshot, retry: settings, outcome } = exchange;
  const { cooldowns } = app.resilience;
  const { provider, upstreamModel } = candidate.target;
  const key = cooldownKey(candidate.target);
  const retryAfter = retryAfterMs(failure.headers);
  let cooling = false;
  if (failure.recovery === "retry" && retryAfter !== undefined && retryAfter > settings.max_retry_after_ms) {
    // The upstream will not serve for longer than a request waits: every request should skip it meanwhile.
    cooldowns.coolFor(key, provider.name, snapshot.config.cooldown, retryAfter);
    cooling = true;
  } else if (failure.recovery === "retry") {
    cooling = cooldowns.failure(key, provider.name, snapshot.config.cooldown, retryAfter, candidate.probe || candidate.cooling);
  } else if (candidate.probe) {
    // Refused for this request's sake (or this deployment's), not for its health: another request may probe.
    cooldowns.releaseProbe(key);
  }
  const step = nextStep({
    failure,
    retriesDone,
    settings,
    hasNext,
    cooling,
    remainingMs: deadlineAt - performance.now(),
    retryAfterMs: retryAfter,
  });
  app.logger.warn("upstream attempt failed", {
    endpoint: exchange.spec.name,
    provider: provider.name,
    model: upstreamModel,
    attempt: outcome.attempts,
    status: failure.status,
    code: failure.code ?? failure.type,
    cause: failure.message,
    next: NEXT[step.action],
    ...(step.action === "retry" ? { retry_in_ms: step.waitMs } : {}),
  });
  return step;
}

/**
 * Probes this request claimed go back unless its answer came from one (a failed probe has already
 * put its target back in cooldown), so another request can probe at once.
 */
function releaseUnusedProbes<Request>(exchange: Exchange<Request>, answered: number): void {
  const { candidates } = exchange;
  for (let index = 0; index < candidates.length; index++) {
    const candidate = candidates[index]!;
    if (candidate.probe && index !== answered) exchange.app.resilience.cooldowns.releaseProbe(cooldownKey(candidate.target));
  }
}
