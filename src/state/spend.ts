import { type Kysely, sql } from "kysely";
import type { StateTables } from "./tables.js";

/** Spend to add to one key's day. */
export interface SpendDelta {
  principalId: string;
  day: string;
  usd: number;
  requests: number;
  tokens: number;
}

/** The first day (YYYY-MM-DD, UTC) of each calendar period now. */
export interface PeriodStarts {
  day: string;
  week: string;
  month: string;
}

/** A key's spend in USD in the current day, week, month, and ever. */
export interface SpendTotals {
  day: number;
  week: number;
  month: number;
  total: number;
}

/** Spend per key and UTC day: added to in batches, read back as period totals. */
export class SpendRecords {
  constructor(private readonly db: Kysely<StateTables>) {}

  /** Adds every delta in one transaction; concurrent replicas add up rather than overwrite. */
  async add(deltas: SpendDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const delta of deltas) {
        await trx
          .insertInto("spend")
          .values({ principal_id: delta.principalId, day: delta.day, usd: delta.usd, requests: delta.requests, tokens: delta.tokens })
          .onConflict((conflict) =>
            conflict.columns(["principal_id", "day"]).doUpdateSet((eb) => ({
              usd: eb("spend.usd", "+", eb.ref("excluded.usd")),
              requests: eb("spend.requests", "+", eb.ref("excluded.requests")),
              tokens: eb("spend.tokens", "+", eb.ref("excluded.tokens")),
            })),
          )
          .execute();
      }
    });
  }

  /** Every key's totals for the periods that start on `starts` (days are compared as ISO strings). */
  async totals(starts: PeriodStarts): Promise<Map<string, SpendTotals>> {
    const since = (start: string) => sql<number>`sum(case when day >= ${start} then usd else 0 end)`;
    const rows = await this.db
      .selectFrom("spend")
      .select([
        "principal_id",
        since(starts.day).as("day_usd"),
        since(starts.week).as("week_usd"),
        since(starts.month).as("month_usd"),
        sql<number>`sum(usd)`.as("total_usd"),
      ])
      .groupBy("principal_id")
      .execute();
    const totals = new Map<string, SpendTotals>();
    for (const row of rows) {
      totals.set(row.principal_id, {
        day: Number(row.day_usd),
        week: Number(row.week_usd),
        month: Number(row.month_usd),
        total: Number(row.total_usd),
      });
    }
    return totals;
  }
}
