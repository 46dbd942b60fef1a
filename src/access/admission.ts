import { randomBytes } from "node:crypto";
import type { Logger } from "../log.js";
import { costOf, type TokenCounts } from "../metrics/cost.js";
import type { RequestOutcome } from "../pipeline/outcome.js";
import type { ConfigSnapshot } from "../snapshot.js";
import type { AccessMetrics } from "./metrics.js";
import type { LimitStore, AdmitInput, AdmitResult, WindowState } from "./limits/store.js";
import type { Principal } from "./principal.js";
import { openAIDuration } from "./durations.js";
import { periodEnd, periodKey, periodStarts, periodTtlMs } from "./periods.js";
import {
  budgetExceeded,
  limitStoreUnavailable,
  modelNotAllowed,
  rateLimited,
  requestTooLarge,
  scopeWords,
  tooManyInFlight,
  type LimitName,
} from "./refusals.js";
import type { SpendLedger } from "./spend-ledger.js";

const NANO = 1e9;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

const RPM: LimitName = { kind: "requests", words: "requests per min (RPM)" };
const RPH: LimitName = { kind: "requests", words: "requests per hour (RPH)" };
const TPM: LimitName = { kind: "tokens", words: "tokens per min (TPM)" };

/** One window a request counts against, with what the messages and headers say of it. */
interface PlannedWindow {
  key: string;
  limit: number;
  windowMs: number;
  cost: number;
  name: LimitName;
  owner: Principal | undefined;
}

interface PlannedBudget {
  key: string;
  usd: number;
  period: NonNullable<Principal["rules"]>["budget_period"];
  periodKey: string;
  endsAt: number | undefined;
  reserveNano: number;
  ttlMs: number;
}

/** What a request reserved, to be settled to what it used once it is accounted. */
export interface Admission {
  settle(outcome: RequestOutcome): void;
}

/** A prompt's token estimate and the output the client allows, for reservations. */
export interface TokenReservation {
  prompt: number;
  /** The request's own output cap (`max_tokens`); undefined when it names none. */
  maxOutput: number | undefined;
}

/** What admission needs of a request (the admit stage gives it from the exchange). */
export interface AdmissionRequest {
  principal: Principal | undefined;
  /** The model the client asked for. */
  model: string;
  snapshot: ConfigSnapshot;
  /** The prompt's estimate and output cap, worked out on demand (only TPM limits and budgets need them). */
  tokens: (() => TokenReservation) | undefined;
  /** The answer's headers: `x-ratelimit-*` are added here, for successes and refusals alike. */
  headers: Record<string, string>;
}

type Admitted = Admission | undefined;

export interface AdmissionDeps {
  store: LimitStore;
  /** Absent without a state store (no spend is recorded, and no budget can be configured), and until it is open. */
  ledger: SpendLedger | undefined;
  metrics: AccessMetrics | undefined;
  logger: Logger;
}

/**
 * The admit stage's work, after validation and before any upstream call: the key's model list
 * (403), then every rate limit, the in-flight limit and the budget, checked and reserved in one
 * step of the limit store (429s in OpenAI's words). Tokens are reserved as the prompt's estimate
 * plus `max_tokens` (or a bounded default), dollars as those tokens at the model's price; both are
 * settled to the real usage when the request is accounted, streams when they end.
 */
export class AdmissionControl {
  private readonly idPrefix = randomBytes(4).toString("hex");
  private sequence = 0;
  private storeFailing = false;

  constructor(private readonly deps: AdmissionDeps) {}

  /** The request's admission to settle later (undefined: nothing to settle); throws the refusal. */
  admit(exchange: AdmissionRequest): Admitted | Promise<Admitted> {
    const { principal, model } = exchange;
    if (principal && !principal.mayUse(model)) {
      this.deps.metrics?.refused(principal.name, "model_not_allowed");
      throw modelNotAllowed(principal, model);
    }
    const windows = plannedWindows(exchange, principal);
    const parallelLimit = principal?.rules?.max_parallel;
    const budget = this.deps.ledger && principal ? plannedBudget(exchange, principal, windows) : undefined;
    if (windows.length === 0 && parallelLimit === undefined && budget === undefined) return this.spendOnly(principal);
    const input: AdmitInput = {
      id: `${this.idPrefix}:${++this.sequence}`,
      windows: windows.map(({ key, limit, windowMs, cost }) => ({ key, limit, windowMs, cost })),
      parallel: parallelLimit === undefined ? undefined : { key: `inflight:${principal!.id}`, limit: parallelLimit },
      budget: budget && {
        key: budget.key,
        limitNano: Math.round(budget.usd * NANO),
        reserveNano: budget.reserveNano,
        knownSpentNano: Math.round(this.deps.ledger!.spent(principal!.id, budget.period) * NANO),
        ttlMs: budget.ttlMs,
      },
    };
    let result: AdmitResult | Promise<AdmitResult>;
    try {
      result = this.deps.store.admit(input);
    } catch (error) {
      return this.storeFailed(exchange, error);
    }
    if (result instanceof Promise) {
      return result.then(
        (settled) => this.conclude(exchange, model, input, windows, budget, settled),
        (error: unknown) => this.storeFailed(exchange, error),
      );
    }
    return this.conclude(exchange, model, input, windows, budget, result);
  }

  private conclude(
    exchange: AdmissionRequest,
    model: string,
    input: AdmitInput,
    windows: PlannedWindow[],
    budget: PlannedBudget | undefined,
    result: AdmitResult,
  ): Admission {
    const { principal } = exchange;
    if (this.storeFailing) {
      this.storeFailing = false;
      this.deps.logger.info("the limit store answers again: rate limits and budgets are enforced");
    }
    addRateLimitHeaders(exchange.headers, windows, result.windows, result.status === "admitted");
    if (result.status === "window") {
      const window = windows[result.refused]!;
      const state = result.windows[result.refused]!;
      const scope = scopeWords(window.owner);
      const name = principal?.name ?? "none";
      if (state.retryMs < 0) {
        this.deps.metrics?.refused(name, "request_too_large");
        throw requestTooLarge(scope, model, window.name, { limit: window.limit, requested: window.cost });
      }
      this.deps.metrics?.refused(name, window.name.kind === "tokens" ? "tokens_limited" : "rate_limited");
      throw rateLimited(scope, model, window.name, { limit: window.limit, used: state.used, requested: window.cost }, state.retryMs);
    }
    if (result.status === "parallel") {
      this.deps.metrics?.refused(principal!.name, "parallel_limited");
      throw tooManyInFlight(principal!, input.parallel!.limit, result.inFlight);
    }
    if (result.status === "budget") {
      this.deps.metrics?.refused(principal!.name, "budget_exceeded");
      throw budgetExceeded(principal!, budget!, result.spentNano / NANO, result.reservedNano / NANO);
    }
    const tokenWindows = windows.flatMap((window, position) =>
      window.name.kind === "tokens" ? [{ key: window.key, index: result.windows[position]!.index, reserved: window.cost }] : [],
    );
    return new Settlement(this.deps, { principal, reservation: { id: input.id, tokenWindows, parallelKey: input.parallel?.key, budget } });
  }

  /** The store is unreachable: serve without limits (`limits.fail_open`, the default) or refuse with a 503, never a 500. */
  private storeFailed(exchange: AdmissionRequest, error: unknown): Admitted {
    this.deps.metrics?.storeFailure("admit");
    if (!this.storeFailing) {
      this.storeFailing = true;
      const failOpen = exchange.snapshot.config.limits.fail_open;
      this.deps.logger.error(
        failOpen
          ? "the limit store is unreachable: requests are served without rate limits or budgets until it answers"
          : "the limit store is unreachable: requests are refused until it answers (limits.fail_open is false)",
        { error },
      );
    }
    if (!exchange.snapshot.config.limits.fail_open) {
      this.deps.metrics?.refused(exchange.principal?.name ?? "none", "store_unavailable");
      throw limitStoreUnavailable();
    }
    return this.spendOnly(exchange.principal);
  }

  /** Nothing reserved: only the key's spend is recorded (when there is a store to keep it). */
  private spendOnly(principal: Principal | undefined): Admitted {
    return principal && this.deps.ledger ? new Settlement(this.deps, { principal, reservation: undefined }) : undefined;
  }
}

/** What one request holds in the limit store until it settles. */
interface Reservation {
  id: string;
  tokenWindows: { key: string; index: number; reserved: number }[];
  parallelKey: string | undefined;
  budget: PlannedBudget | undefined;
}

/** Settles one admitted request: its spend into the ledger, its reservation (if any) to what it used. */
class Settlement implements Admission {
  constructor(
    private readonly deps: AdmissionDeps,
    private readonly held: { principal: Principal | undefined; reservation: Reservation | undefined },
  ) {}

  settle(outcome: RequestOutcome): void {
    // A cache hit used nothing upstream: it costs no tokens and no dollars (the metrics count it as saved).
    const hit = outcome.cache === "hit";
    const tokens = hit || !outcome.tokens ? 0 : totalTokens(outcome.tokens);
    const usd = hit ? 0 : (outcome.costUsd ?? 0);
    const { ledger, store } = this.deps;
    const { principal, reservation } = this.held;
    if (principal && ledger) ledger.record(principal.id, usd, tokens);
    if (!reservation) return;
    const { budget } = reservation;
    const settling = store.settle({
      id: reservation.id,
      windows: reservation.tokenWindows.map((window) => ({ key: window.key, index: window.index, delta: tokens - window.reserved })),
      parallelKey: reservation.parallelKey,
      budget: budget && {
        key: budget.key,
        reservedNano: budget.reserveNano,
        actualNano: Math.round(usd * NANO),
        knownSpentNano: Math.round(ledger!.spent(principal!.id, budget.period) * NANO),
        ttlMs: budget.ttlMs,
      },
    });
    if (settling instanceof Promise) {
      settling.catch((error: unknown) => {
        this.deps.metrics?.storeFailure("settle");
        this.deps.logger.once(
          "warn",
          "limit-settle",
          "could not settle a request's reservations in the limit store; they expire by themselves",
          {
            error,
          },
        );
      });
    }
  }
}

function totalTokens(tokens: TokenCounts): number {
  return tokens.input + tokens.cached_input + tokens.cache_write + tokens.output;
}

/** The key's own windows, then everyone's (`limits`). */
function plannedWindows(exchange: AdmissionRequest, principal: Principal | undefined): PlannedWindow[] {
  const rules = principal?.rules;
  const { limits } = exchange.snapshot.config;
  const windows: PlannedWindow[] = [];
  if (principal && rules?.rpm !== undefined) windows.push(window(`limit:${principal.id}:rpm`, rules.rpm, MINUTE_MS, RPM, principal));
  if (limits.rpm !== undefined) windows.push(window("limit:all:rpm", limits.rpm, MINUTE_MS, RPM, undefined));
  if (limits.rph !== undefined) windows.push(window("limit:all:rph", limits.rph, HOUR_MS, RPH, undefined));
  const tpmLimits: PlannedWindow[] = [];
  if (principal && rules?.tpm !== undefined) tpmLimits.push(window(`limit:${principal.id}:tpm`, rules.tpm, MINUTE_MS, TPM, principal));
  if (limits.tpm !== undefined) tpmLimits.push(window("limit:all:tpm", limits.tpm, MINUTE_MS, TPM, undefined));
  if (tpmLimits.length > 0) {
    const cost = reservedTokens(exchange, Math.min(...tpmLimits.map((limit) => limit.limit)));
    for (const limit of tpmLimits) limit.cost = cost;
    windows.push(...tpmLimits);
  }
  return windows;
}

function window(key: string, limit: number, windowMs: number, name: LimitName, owner: Principal | undefined): PlannedWindow {
  return { key, limit, windowMs, cost: 1, name, owner };
}

/**
 * Tokens to reserve: the prompt's estimate plus the client's `max_tokens`; without one, the
 * configured default, but never so much that the default alone makes a request too large.
 */
function reservedTokens(exchange: AdmissionRequest, smallestLimit: number): number {
  const reservation = exchange.tokens?.();
  const prompt = reservation?.prompt ?? 0;
  const output =
    reservation?.maxOutput ?? Math.min(exchange.snapshot.config.limits.default_output_tokens, Math.max(0, smallestLimit - prompt));
  return prompt + output;
}

/** The key's budget for its current period, with the dollars this request reserves (its tokens at the model's price). */
function plannedBudget(exchange: AdmissionRequest, principal: Principal, windows: PlannedWindow[]): PlannedBudget | undefined {
  const rules = principal.rules;
  if (rules?.budget_usd === undefined) return undefined;
  const now = Date.now();
  const key = periodKey(rules.budget_period, periodStarts(now));
  return {
    key: `budget:${principal.id}:${key}`,
    usd: rules.budget_usd,
    period: rules.budget_period,
    periodKey: key,
    endsAt: periodEnd(rules.budget_period, now),
    reserveNano: Math.round(reservedDollars(exchange, windows) * NANO),
    ttlMs: periodTtlMs(rules.budget_period, now),
  };
}

function reservedDollars(exchange: AdmissionRequest, windows: PlannedWindow[]): number {
  const { snapshot } = exchange;
  let target: ReturnType<typeof snapshot.resolver.resolve>;
  try {
    target = snapshot.resolver.resolve(exchange.model);
  } catch {
    return 0; // an unknown model: the plan stage answers 404 before any call
  }
  const price = snapshot.prices.priceOf(target.provider.name, target.upstreamModel);
  if (!price) return 0;
  const reservation = exchange.tokens?.();
  const prompt = reservation?.prompt ?? 0;
  const tpm = windows.find((window) => window.name.kind === "tokens");
  const output = reservation?.maxOutput ?? (tpm ? tpm.cost - prompt : snapshot.config.limits.default_output_tokens);
  return costOf({ input: prompt, cached_input: 0, cache_write: 0, output, reasoning: 0 }, price);
}

/** OpenAI's `x-ratelimit-*` headers: per kind, the window with the least room left (after this request, when admitted). */
function addRateLimitHeaders(headers: Record<string, string>, windows: PlannedWindow[], states: WindowState[], admitted: boolean): void {
  for (const kind of KINDS) {
    let tightest: { limit: number; remaining: number; resetMs: number } | undefined;
    windows.forEach((window, position) => {
      if (window.name.kind !== kind) return;
      const state = states[position]!;
      const remaining = Math.max(0, Math.floor(window.limit - state.used - (admitted ? window.cost : 0)));
      if (!tightest || remaining < tightest.remaining) tightest = { limit: window.limit, remaining, resetMs: state.resetMs };
    });
    if (!tightest) continue;
    headers[`x-ratelimit-limit-${kind}`] = String(tightest.limit);
    headers[`x-ratelimit-remaining-${kind}`] = String(tightest.remaining);
    headers[`x-ratelimit-reset-${kind}`] = openAIDuration(tightest.resetMs);
  }
}

const KINDS = ["requests", "tokens"] as const;
