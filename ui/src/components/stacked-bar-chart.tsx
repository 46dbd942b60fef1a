import type { StackedChart } from "../views/usage/series.js";
import { niceTicks } from "./chart-scale.js";

/** Series colours: distinguishable with the common colour-vision deficiencies (after Okabe and Ito), each 3:1 against white. */
const SERIES_COLOURS = ["#0b63c5", "#c25e00", "#00806a", "#c2358a", "#6b4bc9", "#007a99"];
const OTHERS_COLOUR = "#6b7280";

const WIDTH = 400;
const HEIGHT = 200;
const MARGIN = { top: 10, right: 6, bottom: 24, left: 52 };
const MAX_X_LABELS = 6;
const TICKS = 4;

function seriesColour(index: number, name: string, othersName: string): string {
  return name === othersName ? OTHERS_COLOUR : SERIES_COLOURS[index % SERIES_COLOURS.length]!;
}

interface ChartProps {
  title: string;
  chart: StackedChart;
  othersName: string;
  formatValue(value: number): string;
  formatAxis(value: number): string;
  formatBucket(start: number): string;
  /** Counts (requests, tokens) get whole-number ticks. */
  whole: boolean;
}

/**
 * Stacked bars, one per bucket, in SVG of our own: no chart library to load, and the page's CSP
 * (no inline style) holds since colours are attributes. Each segment names its value on hover;
 * the tables beside the charts carry the same figures for keyboards and screen readers.
 */
export function StackedBarChart({ title, chart, othersName, formatValue, formatAxis, formatBucket, whole }: ChartProps) {
  const { buckets, series } = chart;
  const totals = buckets.map((_, index) => series.reduce((sum, line) => sum + line.values[index]!, 0));
  const ticks = niceTicks(Math.max(0, ...totals), TICKS, whole);
  const top = ticks.at(-1)!;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / Math.max(buckets.length, 1);
  const barWidth = Math.max(1, slot * 0.72);
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const labelEvery = Math.max(1, Math.ceil(buckets.length / MAX_X_LABELS));
  const grandTotal = totals.reduce((sum, value) => sum + value, 0);
  const summary = `${title}: ${formatValue(grandTotal)} in all over ${buckets.length} periods${
    series.length ? `; the most from ${series[0]!.name}` : ""
  }.`;

  return (
    <figure class="chart">
      <figcaption class="chart-title">{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} class="chart-svg">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke="#d7dbe0" stroke-width={1} />
            <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" text-anchor="end" class="chart-axis">
              {formatAxis(tick)}
            </text>
          </g>
        ))}
        {buckets.map((start, index) => {
          let base = 0;
          const x = MARGIN.left + index * slot + (slot - barWidth) / 2;
          return (
            <g key={start}>
              {series.map((line, seriesIndex) => {
                const value = line.values[index]!;
                if (value <= 0) return null;
                const rect = (
                  <rect
                    key={line.name}
                    x={x}
                    width={barWidth}
                    y={y(base + value)}
                    height={Math.max(0.5, y(base) - y(base + value))}
                    fill={seriesColour(seriesIndex, line.name, othersName)}
                  >
                    <title>{`${line.name}: ${formatValue(value)} (${formatBucket(start)})`}</title>
                  </rect>
                );
                base += value;
                return rect;
              })}
              {index % labelEvery === 0 && (
                <text x={MARGIN.left + index * slot + slot / 2} y={HEIGHT - 8} text-anchor="middle" class="chart-axis">
                  {formatBucket(start)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul class="legend">
        {series.map((line, index) => (
          <li key={line.name}>
            <svg width="12" height="12" aria-hidden="true" class="legend-swatch">
              <rect width="12" height="12" rx="2" fill={seriesColour(index, line.name, othersName)} />
            </svg>
            {line.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}
