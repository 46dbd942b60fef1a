import { defineHandler, getQuery, type H3 } from "h3";
import { MASTER_NAME } from "../../access/principal.js";
import type { AppContext } from "../../app-context.js";
import { invalidRequest } from "../../errors.js";
import { type UsageBucket, UsageRecords } from "../../state/usage.js";
import { VirtualKeys } from "../../state/virtual-keys.js";
import { noStateStore } from "../requests.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The longest range a report covers, per bucket: a year of days, a month of hours. */
const MAX_RANGE_MS: Record<UsageBucket, number> = { day: 366 * DAY_MS, hour: 31 * DAY_MS };

/**
 * `GET /admin/usage?from=…&to=…&bucket=hour|day`: requests, tokens and dollars by bucket × key ×
 * provider × model, for the console's charts. Every replica's figures, as of its last write to the
 * state store (this replica's own written first).
 */
export function useUsageRoutes(server: H3, app: AppContext): void {
  server.get(
    "/admin/usage",
    defineHandler(async (event) => {
      const { state, usage } = app;
      if (!state || !usage) throw noStateStore();
      const range = parseRange(getQuery(event));
      await usage.flush();
      const [totals, keys] = await Promise.all([
        new UsageRecords(state.db).totals(range.from.toISOString(), range.to.toISOString(), range.bucket),
        new VirtualKeys(state.db).list({ includeRevoked: true }),
      ]);
      const names = new Map(keys.map((key) => [`vk:${key.id}`, key.name]));
      return {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        bucket: range.bucket,
        data: totals.map((row) => ({
          start: range.bucket === "day" ? `${row.bucket}T00:00:00.000Z` : row.bucket,
          key: keyName(row.principalId, names),
          key_id: keyId(row.principalId),
          provider: row.provider,
          model: row.model,
          requests: row.requests,
          input_tokens: row.inputTokens,
          output_tokens: row.outputTokens,
          cost_usd: row.costUsd,
          cache_hits: row.cacheHits,
          cache_saved_usd: row.cacheSavedUsd,
        })),
      };
    }),
  );
}

/** `from` defaults to a week before `to`, `to` to now; `from` starts at its bucket's start, so the first bucket is whole. */
function parseRange(query: Record<string, unknown>): { from: Date; to: Date; bucket: UsageBucket } {
  const bucket = query.bucket ?? "day";
  if (bucket !== "hour" && bucket !== "day") throw invalidRequest("'bucket' must be hour or day.", "bucket", "invalid_value");
  const to = query.to === undefined ? Date.now() : timeOf(query.to, "to");
  const requested = query.from === undefined ? to - 7 * DAY_MS : timeOf(query.from, "from");
  const size = bucket === "day" ? DAY_MS : HOUR_MS;
  const from = Math.floor(requested / size) * size;
  if (from >= to) throw invalidRequest("'from' must be before 'to'.", "from", "invalid_value");
  if (to - from > MAX_RANGE_MS[bucket])
    throw invalidRequest(`A report by ${bucket} covers at most ${MAX_RANGE_MS[bucket] / DAY_MS} days.`, "from", "invalid_value");
  return { from: new Date(from), to: new Date(to), bucket };
}

function timeOf(value: unknown, param: string): number {
  const time = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time))
    throw invalidRequest(`'${param}' must be an ISO 8601 time, such as 2026-12-01T00:00:00Z.`, param, "invalid_value");
  return time;
}

/** The id the admin API knows a key by: a virtual key's own (`vk_…`), `config:NAME` for the config's, `master`. */
function keyId(principalId: string): string | null {
  if (principalId === "") return null;
  return principalId.startsWith("vk:") ? principalId.slice("vk:".length) : principalId;
}

/** A key's name as it is now (a virtual key's rename shows on its past traffic too); null for requests without a key. */
function keyName(principalId: string, virtualKeys: ReadonlyMap<string, string>): string | null {
  if (principalId === "") return null;
  if (principalId === "master") return MASTER_NAME;
  if (principalId.startsWith("config:")) return principalId.slice("config:".length);
  return virtualKeys.get(principalId) ?? principalId;
}
