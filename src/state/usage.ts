import { type Kysely, sql } from "kysely";
import type { StateTables } from "./tables.js";

/** Traffic to add to one hour × key × provider × model. */
export interface UsageDelta {
  /** The hour's start, ISO 8601 UTC. */
  hour: string;
  principalId: string;
  provider: string;
  model: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  cacheHits: number;
  cacheSavedUsd: number;
}

export type UsageBucket = "hour" | "day";

/** One row of the report: a bucket's traffic of one key, provider and model. */
export interface UsageTotals extends Omit<UsageDelta, "hour"> {
  /** The bucket's start: `2026-12-01T13:00:00.000Z` by hour, `2026-12-01` by day. */
  bucket: string;
}

/** Hourly usage, added to in batches by every replica and summed up by bucket for the admin API's report. */
export class UsageRecords {
  constructor(private readonly db: Kysely<StateTables>) {}

  /** Adds every delta in one transaction; replicas writing the same hour add up rather than overwrite. */
  async add(deltas: UsageDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const delta of deltas) {
        await trx
          .insertInto("usage")
          .values({
            hour: delta.hour,
            principal_id: delta.principalId,
            provider: delta.provider,
            model: delta.model,
            requests: delta.requests,
            input_tokens: delta.inputTokens,
            output_tokens: delta.outputTokens,
            cost_usd: delta.costUsd,
            cache_hits: delta.cacheHits,
            cache_saved_usd: delta.cacheSavedUsd,
          })
          .onConflict((conflict) =>
            conflict.columns(["hour", "principal_id", "provider", "model"]).doUpdateSet((eb) => ({
              requests: eb("usage.requests", "+", eb.ref("excluded.requests")),
              input_tokens: eb("usage.input_tokens", "+", eb.ref("excluded.input_tokens")),
              output_tokens: eb("usage.output_tokens", "+", eb.ref("excluded.output_tokens")),
              cost_usd: eb("usage.cost_usd", "+", eb.ref("excluded.cost_usd")),
              cache_hits: eb("usage.cache_hits", "+", eb.ref("excluded.cache_hits")),
              cache_saved_usd: eb("usage.cache_saved_usd", "+", eb.ref("excluded.cache_saved_usd")),
            })),
          )
          .execute();
      }
    });
  }

  /** Totals by bucket × key × provider × model for hours in [from, to) (ISO 8601 strings, which sort in time order). */
  async totals(from: string, to: string, bucket: UsageBucket): Promise<UsageTotals[]> {
    // Hours are stored as ISO strings: their first 10 characters are the day.
    const start = bucket === "day" ? sql<string>`substr(hour, 1, 10)` : sql<string>`hour`;
    const rows = await this.db
      .selectFrom("usage")
      .select([
        start.as("bucket"),
        "principal_id",
        "provider",
        "model",
        sql<number>`sum(requests)`.as("requests"),
        sql<number>`sum(input_tokens)`.as("input_tokens"),
        sql<number>`sum(output_tokens)`.as("output_tokens"),
        sql<number>`sum(cost_usd)`.as("cost_usd"),
        sql<number>`sum(cache_hits)`.as("cache_hits"),
        sql<number>`sum(cache_saved_usd)`.as("cache_saved_usd"),
      ])
      .where("hour", ">=", from)
      .where("hour", "<", to)
      .groupBy([start, "principal_id", "provider", "model"])
      .orderBy("bucket")
      .orderBy("principal_id")
      .orderBy("provider")
      .orderBy("model")
      .execute();
    return rows.map((row) => ({
      bucket: row.bucket,
      principalId: row.principal_id,
      provider: row.provider,
      model: row.model,
      requests: Number(row.requests),
      inputTokens: Number(row.input_tokens),
      outputTokens: Number(row.output_tokens),
      costUsd: Number(row.cost_usd),
      cacheHits: Number(row.cache_hits),
      cacheSavedUsd: Number(row.cache_saved_usd),
    }));
  }
}
