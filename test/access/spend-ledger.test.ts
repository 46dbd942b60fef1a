import { describe, expect, it } from "vitest";
import { SpendLedger } from "../../src/access/spend-ledger.js";
import { silentLogger } from "../../src/log.js";
import type { PeriodStarts, SpendDelta, SpendRecords, SpendTotals } from "../../src/state/spend.js";

/** A store in memory that can be told to fail, standing in for SpendRecords. */
class FakeRecords {
  rows: SpendDelta[] = [];
  failWrites = false;
  async add(deltas: SpendDelta[]): Promise<void> {
    if (this.failWrites) throw new Error("database is down");
    this.rows.push(...deltas.map((delta) => ({ ...delta })));
  }
  async totals(starts: PeriodStarts): Promise<Map<string, SpendTotals>> {
    const totals = new Map<string, SpendTotals>();
    for (const row of this.rows) {
      const sum = totals.get(row.principalId) ?? { day: 0, week: 0, month: 0, total: 0 };
      if (row.day >= starts.day) sum.day += row.usd;
      if (row.day >= starts.week) sum.week += row.usd;
      if (row.day >= starts.month) sum.month += row.usd;
      sum.total += row.usd;
      totals.set(row.principalId, sum);
    }
    return totals;
  }
}

const ledgerOn = (records: FakeRecords, now: () => number) => new SpendLedger(records as unknown as SpendRecords, silentLogger, now);

describe("the spend ledger", () => {
  it("counts spend at once, writes it in one batch per flush, and knows other writers' spend after reading back", async () => {
    const records = new FakeRecords();
    records.rows.push({ principalId: "k", day: "2026-12-01", usd: 2, requests: 1, tokens: 1 });
    const ledger = ledgerOn(records, () => Date.parse("2026-12-02T10:00:00Z"));
    await ledger.start(3600);
    expect(ledger.spent("k", "month")).toBe(2);
    expect(ledger.spent("k", "day")).toBe(0);
    ledger.record("k", 1.5, 100);
    ledger.record("k", 0.5, 50);
    expect(ledger.spent("k", "day")).toBe(2);
    expect(records.rows).toHaveLength(1);
    // Another replica wrote meanwhile.
    records.rows.push({ principalId: "k", day: "2026-12-02", usd: 10, requests: 1, tokens: 1 });
    await ledger.flush();
    expect(records.rows.at(-1)).toEqual({ principalId: "k", day: "2026-12-02", usd: 2, requests: 2, tokens: 150 });
    expect(ledger.spent("k", "day")).toBe(12);
    expect(ledger.spent("k", "total")).toBe(14);
    await ledger.close();
  });

  it("keeps spend it could not write and writes it with the next flush", async () => {
    const records = new FakeRecords();
    const ledger = ledgerOn(records, () => Date.parse("2026-12-02T10:00:00Z"));
    await ledger.start(3600);
    ledger.record("k", 3, 10);
    records.failWrites = true;
    await ledger.flush();
    expect(ledger.spent("k", "week")).toBe(3);
    ledger.record("k", 1, 10);
    records.failWrites = false;
    await ledger.close();
    expect(records.rows).toEqual([{ principalId: "k", day: "2026-12-02", usd: 4, requests: 2, tokens: 20 }]);
    expect(ledger.spent("k", "week")).toBe(4);
  });

  it("starts a new day at zero but keeps the month's total across midnight", async () => {
    const records = new FakeRecords();
    let now = Date.parse("2026-12-02T23:59:00Z");
    const ledger = ledgerOn(records, () => now);
    await ledger.start(3600);
    ledger.record("k", 5, 10);
    await ledger.flush();
    now = Date.parse("2026-12-03T00:01:00Z");
    expect(ledger.spent("k", "day")).toBe(0);
    expect(ledger.spent("k", "month")).toBe(5);
    await ledger.close();
  });
});

describe("the spend ledger at shutdown", () => {
  it("writes spend recorded while a periodic flush was under way", async () => {
    const records = new FakeRecords();
    let release: () => void = () => {};
    const slowAdd = records.add.bind(records);
    records.add = async (deltas) => {
      await new Promise<void>((resolve) => (release = resolve));
      return slowAdd(deltas);
    };
    const ledger = ledgerOn(records, () => Date.parse("2026-12-02T10:00:00Z"));
    await ledger.start(3600);
    ledger.record("k", 1, 1);
    const periodic = ledger.flush();
    ledger.record("k", 2, 1);
    const closing = ledger.close();
    release();
    await periodic;
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    await closing;
    expect(records.rows.reduce((sum, row) => sum + row.usd, 0)).toBe(3);
  });
});
