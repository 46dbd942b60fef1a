import type { UsageBucket, UsageReport, UsageRow } from "../../api/types.js";

/** What the usage charts and tables add up, from the admin API's rows (one per bucket × key × provider × model). */

export type UsageMetric = "requests" | "tokens" | "cost_usd";
export type UsageGrouping = "model" | "key";

export interface Series {
  name: string;
  values: number[];
}

export interface StackedChart {
  /** Bucket starts, epoch milliseconds, UTC-aligned, every bucket of the range (empty ones too). */
  buckets: number[];
  series: Series[];
}

export type UsageTotals = Pick<UsageRow, "requests" | "input_tokens" | "output_tokens" | "cost_usd" | "cache_hits" | "cache_saved_usd">;

export interface BreakdownRow extends UsageTotals {
  name: string;
}

const HOUR = 3_600_000;
const STEP: Record<UsageBucket, number> = { hour: HOUR, day: 24 * HOUR };

/** Requests made without a virtual key (the master key, or an open proxy). */
export const NO_KEY = "(no key)";
export const OTHERS = "Others";

/** Every bucket start from the one holding `from` up to `to` (exclusive). */
export function bucketStarts(from: string, to: string, bucket: UsageBucket): number[] {
  const step = STEP[bucket];
  const end = Date.parse(to);
  const starts: number[] = [];
  for (let start = Math.floor(Date.parse(from) / step) * step; start < end; start += step) starts.push(start);
  return starts;
}

/** `openai/gpt-4o-mini`: the model as a client would address it on that provider. */
export function groupOf(row: UsageRow, grouping: UsageGrouping): string {
  return grouping === "key" ? (row.key ?? NO_KEY) : `${row.provider}/${row.model}`;
}

export function metricOf(row: UsageRow, metric: UsageMetric): number {
  if (metric === "tokens") return row.input_tokens + row.output_tokens;
  return row[metric];
}

/**
 * One series per key or model, stacked per bucket; past `maxSeries` the smallest groups are summed
 * into "Others" so the legend stays readable. Series come largest first.
 */
export function stackedChart(report: UsageReport, grouping: UsageGrouping, metric: UsageMetric, maxSeries = 6): StackedChart {
  const buckets = bucketStarts(report.from, report.to, report.bucket);
  const step = STEP[report.bucket];
  const first = buckets[0] ?? 0;
  const byGroup = new Map<string, number[]>();
  for (const row of report.data) {
    const index = Math.floor((Date.parse(row.start) - first) / step);
    if (index < 0 || index >= buckets.length) continue;
    const name = groupOf(row, grouping);
    let values = byGroup.get(name);
    if (!values) byGroup.set(name, (values = buckets.map(() => 0)));
    values[index]! += metricOf(row, metric);
  }
  const ranked = [...byGroup.entries()]
    .map(([name, values]) => ({ name, values, total: values.reduce((sum, value) => sum + value, 0) }))
    .filter((series) => series.total > 0)
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  if (ranked.length <= maxSeries) return { buckets, series: ranked.map(({ name, values }) => ({ name, values })) };
  const kept = ranked.slice(0, maxSeries - 1);
  const others = buckets.map((_, index) => ranked.slice(maxSeries - 1).reduce((sum, series) => sum + series.values[index]!, 0));
  return { buckets, series: [...kept.map(({ name, values }) => ({ name, values })), { name: OTHERS, values: others }] };
}

export function totalsOf(rows: readonly UsageRow[]): UsageTotals {
  const totals: UsageTotals = { requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0, cache_hits: 0, cache_saved_usd: 0 };
  for (const row of rows) {
    totals.requests += row.requests;
    totals.input_tokens += row.input_tokens;
    totals.output_tokens += row.output_tokens;
    totals.cost_usd += row.cost_usd;
    totals.cache_hits += row.cache_hits;
    totals.cache_saved_usd += row.cache_saved_usd;
  }
  return totals;
}

/** The totals of each key or model over the whole range, the most expensive first (then the busiest). */
export function breakdown(rows: readonly UsageRow[], grouping: UsageGrouping): BreakdownRow[] {
  const groups = new Map<string, UsageRow[]>();
  for (const row of rows) {
    const name = groupOf(row, grouping);
    const members = groups.get(name);
    if (members) members.push(row);
    else groups.set(name, [row]);
  }
  return [...groups.entries()]
    .map(([name, members]) => ({ name, ...totalsOf(members) }))
    .sort((a, b) => b.cost_usd - a.cost_usd || b.requests - a.requests || a.name.localeCompare(b.name));
}
