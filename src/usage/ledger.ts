import { oneAtATime } from "../lib/one-at-a-time.js";
import type { Logger } from "../log.js";
import type { RequestOutcome } from "../pipeline/outcome.js";
import type { UsageDelta, UsageRecords } from "../state/usage.js";

const HOUR_MS = 3_600_000;
/**
 * Distinct hour × key × provider × model rows kept between two writes. Model names come from
 * clients (a glob route passes any name on), so past this many the rest are counted as `other`.
 */
const MAX_PENDING_ROWS = 10_000;

/**
 * The usage report's figures: every answered request's tokens and dollars (the account stage's
 * one figure) added up in memory by hour, key, provider and model, and written to the state store
 * in one transaction every `state.flush_seconds` and on shutdown, as the spend ledger does. No
 * request writes a row; a crash loses at most the last interval.
 */
export class UsageLedger {
  private pending = new Map<string, UsageDelta>();
  private timer: NodeJS.Timeout | undefined;
  private failing = false;
  private readonly writeOnce = oneAtATime(() => this.write());
  private hour = { index: -1, iso: "" };

  constructor(
    private readonly records: UsageRecords,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(flushSeconds: number): void {
    this.timer = setInterval(() => void this.flush(), flushSeconds * 1000);
    this.timer.unref();
  }

  /** The OutcomeObserver. Requests refused before an upstream answered them carry no traffic to report. */
  readonly observe = (outcome: RequestOutcome): void => {
    if (outcome.provider === undefined || outcome.model === undefined) return;
    if (outcome.status >= 400 && !outcome.tokens) return;
    const hour = this.currentHour();
    const principalId = outcome.keyId ?? "";
    const row = `${hour}\n${principalId}\n${outcome.provider}\n`;
    let delta = this.pending.get(row + outcome.model);
    if (!delta) {
      const model = this.pending.size < MAX_PENDING_ROWS ? outcome.model : "other";
      delta = this.pending.get(row + model);
      if (!delta) this.pending.set(row + model, (delta = emptyDelta(hour, principalId, outcome.provider, model)));
    }
    delta.requests++;
    if (outcome.cache === "hit") {
      delta.cacheHits++;
      delta.cacheSavedUsd += outcome.costUsd ?? 0;
      return;
    }
    const tokens = outcome.tokens;
    if (tokens) {
      delta.inputTokens += tokens.input + tokens.cached_input + tokens.cache_write;
      delta.outputTokens += tokens.output;
    }
    delta.costUsd += outcome.costUsd ?? 0;
  };

  /** Writes what is pending; one write at a time, a flush asked for meanwhile writes what came since. A failed write is kept for the next. */
  flush(): Promise<void> {
    return this.writeOnce();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(): Promise<void> {
    const writing = this.pending;
    this.pending = new Map();
    try {
      await this.records.add([...writing.values()]);
      if (this.failing) this.logger.info("usage is written to the state store again");
      this.failing = false;
    } catch (error) {
      for (const [key, delta] of writing) this.restore(key, delta);
      if (!this.failing) this.logger.error("could not write usage to the state store; it is kept in memory and retried", { error });
      this.failing = true;
    }
  }

  private restore(key: string, delta: UsageDelta): void {
    const pending = this.pending.get(key);
    if (!pending) {
      this.pending.set(key, delta);
      return;
    }
    pending.requests += delta.requests;
    pending.inputTokens += delta.inputTokens;
    pending.outputTokens += delta.outputTokens;
    pending.costUsd += delta.costUsd;
    pending.cacheHits += delta.cacheHits;
    pending.cacheSavedUsd += delta.cacheSavedUsd;
  }

  /** The current hour's start as ISO text, worked out once an hour. */
  private currentHour(): string {
    const index = Math.floor(this.now() / HOUR_MS);
    if (index !== this.hour.index) this.hour = { index, iso: new Date(index * HOUR_MS).toISOString() };
    return this.hour.iso;
  }
}

function emptyDelta(hour: string, principalId: string, provider: string, model: string): UsageDelta {
  return { hour, principalId, provider, model, requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, cacheHits: 0, cacheSavedUsd: 0 };
}
