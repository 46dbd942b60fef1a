import { useMemo, useState } from "preact/hooks";
import { usageReport } from "../../api/admin.js";
import { useApi } from "../../api/context.js";
import type { UsageBucket, UsageReport } from "../../api/types.js";
import { StackedBarChart } from "../../components/stacked-bar-chart.js";
import { Empty, ErrorState, Loading } from "../../components/states.js";
import { formatCompact, formatCount, formatUsd } from "../../format.js";
import { Page } from "../../page.js";
import { useLoad } from "../../use-load.js";
import { breakdown, OTHERS, stackedChart, totalsOf, type BreakdownRow, type UsageGrouping, type UsageMetric } from "./series.js";

const RANGES = {
  "24h": { label: "Last 24 hours", hours: 24, bucket: "hour" },
  "7d": { label: "Last 7 days", hours: 7 * 24, bucket: "day" },
  "30d": { label: "Last 30 days", hours: 30 * 24, bucket: "day" },
} as const satisfies Record<string, { label: string; hours: number; bucket: UsageBucket }>;

type RangeName = keyof typeof RANGES;

const HOUR = 3_600_000;

const CHARTS: readonly {
  metric: UsageMetric;
  title: string;
  whole: boolean;
  formatValue(value: number): string;
  formatAxis(value: number): string;
}[] = [
  {
    metric: "requests",
    title: "Requests",
    whole: true,
    formatValue: (value) => `${formatCount(value)} requests`,
    formatAxis: formatCompact,
  },
  { metric: "tokens", title: "Tokens", whole: true, formatValue: (value) => `${formatCount(value)} tokens`, formatAxis: formatCompact },
  { metric: "cost_usd", title: "Cost", whole: false, formatValue: formatUsd, formatAxis: formatUsd },
];

/** The range ends with the bucket under way, so the traffic of the last minutes is in it. */
function rangeDates(name: RangeName, now: number): { from: Date; to: Date; bucket: UsageBucket } {
  const { hours, bucket } = RANGES[name];
  const step = bucket === "hour" ? HOUR : 24 * HOUR;
  const to = Math.floor(now / step) * step + step;
  return { from: new Date(to - hours * HOUR), to: new Date(to), bucket };
}

export function UsageView() {
  const api = useApi();
  const [range, setRange] = useState<RangeName>("24h");
  const [grouping, setGrouping] = useState<UsageGrouping>("model");
  const [requestedAt, setRequestedAt] = useState(Date.now);
  const report = useLoad(() => {
    const { from, to, bucket } = rangeDates(range, requestedAt);
    return usageReport(api, from, to, bucket);
  }, [api, range, requestedAt]);

  return (
    <Page
      title="Usage"
      actions={
        <button type="button" class="button" onClick={() => setRequestedAt(Date.now())} disabled={report.loading}>
          {report.loading && report.data ? "Refreshing…" : "Refresh"}
        </button>
      }
    >
      <div class="toolbar">
        <label for="usage-range">Period</label>
        <select id="usage-range" value={range} onChange={(event) => setRange(event.currentTarget.value as RangeName)}>
          {Object.entries(RANGES).map(([name, { label }]) => (
            <option key={name} value={name}>
              {label}
            </option>
          ))}
        </select>
        <fieldset class="segmented">
          <legend>Group by</legend>
          {(["model", "key"] as const).map((option) => (
            <label key={option} class="segmented-option">
              <input type="radio" name="usage-grouping" value={option} checked={grouping === option} onChange={() => setGrouping(option)} />
              {option === "model" ? "Model" : "Key"}
            </label>
          ))}
        </fieldset>
      </div>
      {report.data === undefined ? (
        report.error ? (
          <ErrorState title="The usage could not be loaded" error={report.error} onRetry={report.reload} />
        ) : (
          <Loading label="Loading usage…" />
        )
      ) : (
        <>
          {report.error && <ErrorState title="The usage could not be refreshed" error={report.error} onRetry={report.reload} />}
          <UsageReportView report={report.data} grouping={grouping} />
        </>
      )}
    </Page>
  );
}

function UsageReportView({ report, grouping }: { report: UsageReport; grouping: UsageGrouping }) {
  const totals = useMemo(() => totalsOf(report.data), [report]);
  const formatBucket = (start: number) =>
    new Date(start).toLocaleString(
      "en",
      report.bucket === "hour"
        ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" }
        : { month: "short", day: "numeric", timeZone: "UTC" },
    );

  if (report.data.length === 0) {
    return (
      <Empty title="No traffic in this period">
        <p>Requests through the proxy show here within seconds, by key and by model.</p>
      </Empty>
    );
  }
  const groupLabel = grouping === "model" ? "model" : "key";
  return (
    <>
      <dl class="tiles">
        <Tile label="Requests" value={formatCount(totals.requests)} />
        <Tile label="Input tokens" value={formatCount(totals.input_tokens)} />
        <Tile label="Output tokens" value={formatCount(totals.output_tokens)} />
        <Tile label="Cost" value={formatUsd(totals.cost_usd)} />
        <Tile label="Cache hits" value={formatCount(totals.cache_hits)} />
        <Tile label="Saved by the cache" value={formatUsd(totals.cache_saved_usd)} />
      </dl>
      <p class="muted">
        Bars are {report.bucket === "hour" ? "hours" : "days"} in UTC, stacked by {groupLabel}.
      </p>
      <div class="charts">
        {CHARTS.map(({ metric, title, whole, formatValue, formatAxis }) => (
          <StackedBarChart
            key={metric}
            title={`${title} by ${groupLabel}`}
            chart={stackedChart(report, grouping, metric)}
            othersName={OTHERS}
            formatValue={formatValue}
            formatAxis={formatAxis}
            formatBucket={formatBucket}
            whole={whole}
          />
        ))}
      </div>
      <BreakdownTable title="By key" column="Key" rows={breakdown(report.data, "key")} />
      <BreakdownTable title="By model" column="Model" rows={breakdown(report.data, "model")} />
    </>
  );
}

function Tile({ label, value }: { label: string; value: string }) {
  return (
    <div class="tile">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function BreakdownTable({ title, column, rows }: { title: string; column: string; rows: BreakdownRow[] }) {
  return (
    <section class="breakdown">
      <h2>{title}</h2>
      <div class="table-scroll">
        <table class="table table-numbers">
          <thead>
            <tr>
              <th scope="col">{column}</th>
              <th scope="col">Requests</th>
              <th scope="col">Input tokens</th>
              <th scope="col">Output tokens</th>
              <th scope="col">Cost</th>
              <th scope="col">Cache hits</th>
              <th scope="col">Saved by the cache</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name}>
                <th scope="row">{row.name}</th>
                <td>{formatCount(row.requests)}</td>
                <td>{formatCount(row.input_tokens)}</td>
                <td>{formatCount(row.output_tokens)}</td>
                <td>{formatUsd(row.cost_usd)}</td>
                <td>{formatCount(row.cache_hits)}</td>
                <td>{formatUsd(row.cache_saved_usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
