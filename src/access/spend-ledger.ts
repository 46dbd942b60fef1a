import type { Logger } from "../log.js";
import type { PeriodStarts, SpendDelta, SpendRecords, SpendTotals } from "../state/spend.js";
import type { BudgetPeriod } from "./config.js";
import { periodStarts } from "./periods.js";
import { oneAtATime } from "../lib/one-at-a-time.js";

/** One key's spend not yet in the store, by UTC day. */
type Days = Map<string, SpendDelta>;

/**
 * Every key's spend, aggregated in memory and written to the state store in one transaction every
 * `state.flush_seconds` (and on shutdown): no row is written per request, and a crash loses at most
 * the spend of the last interval. After each write it reads every key's period totals back, which
 * is how a replica learns what the others spent.
 */
export class SpendLedger {
  /** Not yet written, by key. */
  private pending = new Map<string, Days>();
  /** Being written right now (still counted until the read-back has it). */
  private flushing = new Map<string, Days>();
  /** The store's totals as of the last read, and the periods they were read for. */
  private known = new Map<string, SpendTotals>();
  private knownStarts: PeriodStarts | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failing = false;
  private readonly writeOnce = oneAtATime(() => this.writeAndRead());

  constructor(
    private readonly records: SpendRecords,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads the store's totals; resolves once they are known (before the proxy takes requests). */
  async start(flushSeconds: number): Promise<void> {
    await this.readTotals();
    this.timer = setInterval(() => void this.flush(), flushSeconds * 1000);
    this.timer.unref();
  }

  record(principalId: string, usd: number, tokens: number): void {
    const day = periodStarts(this.now()).day;
    let days = this.pending.get(principalId);
    if (!days) this.pending.set(principalId, (days = new Map()));
    let delta = days.get(day);
    if (!delta) days.set(day, (delta = { principalId, day, usd: 0, requests: 0, tokens: 0 }));
    delta.usd += usd;
    delta.requests++;
    delta.tokens += tokens;
  }

  /** What this replica knows a key spent in its current period: the store's total and its own spend not yet read back. */
  spent(principalId: string, period: BudgetPeriod): number {
    const starts = periodStarts(this.now());
    const since = period === "total" ? "" : starts[period];
    // Totals read in an earlier period (just past midnight, before the next read) do not count for this one.
    const fresh = period === "total" || this.knownStarts?.[period] === since;
    let usd = fresh ? (this.known.get(principalId)?.[period] ?? 0) : 0;
    for (const days of [this.flushing.get(principalId), this.pending.get(principalId)]) {
      if (days) for (const delta of days.values()) if (delta.day >= since) usd += delta.usd;
    }
    return usd;
  }

  /**
   * Writes what is pending, then reads the totals back. One at a time: while one runs, a flush
   * waits for it and then writes what came since. A failed write is kept for the next.
   */
  flush(): Promise<void> {
    return this.writeOnce();
  }

  /** Stops the timer and writes everything still in memory. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async writeAndRead(): Promise<void> {
    this.flushing = this.pending;
    this.pending = new Map();
    try {
      await this.records.add([...this.flushing.values()].flatMap((days) => [...days.values()]));
    } catch (error) {
      for (const days of this.flushing.values()) for (const delta of days.values()) this.restore(delta);
      this.flushing = new Map();
      if (!this.failing) this.logger.error("could not write spend to the state store; it is kept in memory and retried", { error });
      this.failing = true;
      return;
    }
    if (this.failing) this.logger.info("spend is written to the state store again");
    this.failing = false;
    try {
      await this.readTotals();
    } catch (error) {
      // Written but not read back: added to the totals already known, until a read succeeds.
      for (const days of this.flushing.values()) for (const delta of days.values()) this.addKnown(delta);
      this.logger.warn("could not read spend totals back from the state store", { error });
    } finally {
      this.flushing = new Map();
    }
  }

  private async readTotals(): Promise<void> {
    const starts = periodStarts(this.now());
    this.known = await this.records.totals(starts);
    this.knownStarts = starts;
  }

  private restore(delta: SpendDelta): void {
    let days = this.pending.get(delta.principalId);
    if (!days) this.pending.set(delta.principalId, (days = new Map()));
    const pending = days.get(delta.day);
    if (!pending) days.set(delta.day, delta);
    else {
      pending.usd += delta.usd;
      pending.requests += delta.requests;
      pending.tokens += delta.tokens;
    }
  }

  private addKnown(delta: SpendDelta): void {
    const starts = this.knownStarts;
    if (!starts) return;
    const totals = { ...(this.known.get(delta.principalId) ?? { day: 0, week: 0, month: 0, total: 0 }) };
    if (delta.day >= starts.day) totals.day += delta.usd;
    if (delta.day >= starts.week) totals.week += delta.usd;
    if (delta.day >= starts.month) totals.month += delta.usd;
    totals.total += delta.usd;
    this.known.set(delta.principalId, totals);
  }
}
