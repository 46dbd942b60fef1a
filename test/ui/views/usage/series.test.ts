import { describe, expect, it } from "vitest";
import type { UsageReport, UsageRow } from "../../../../ui/src/api/types.js";
import { breakdown, bucketStarts, NO_KEY, OTHERS, stackedChart, totalsOf } from "../../../../ui/src/views/usage/series.js";

function row(start: string, key: string | null, model: string, requests: number, extra: Partial<UsageRow> = {}): UsageRow {
  return {
    start,
    key,
    provider: "openai",
    model,
    requests,
    input_tokens: requests * 10,
    output_tokens: requests * 2,
    cost_usd: requests * 0.001,
    cache_hits: 0,
    cache_saved_usd: 0,
    ...extra,
  };
}

const HOURS: UsageReport = {
  from: "2026-12-01T09:30:00Z",
  to: "2026-12-01T13:00:00Z",
  bucket: "hour",
  data: [
    row("2026-12-01T10:00:00Z", "frontend", "gpt-4o-mini", 3),
    row("2026-12-01T10:00:00Z", null, "gpt-4o-mini", 1),
    row("2026-12-01T12:00:00Z", "frontend", "gpt-4o", 2, { cache_hits: 1, cache_saved_usd: 0.5 }),
  ],
};

describe("bucketStarts", () => {
  it("covers the range from the bucket holding `from`, empty buckets included", () => {
    expect(bucketStarts(HOURS.from, HOURS.to, "hour").map((start) => new Date(start).toISOString())).toEqual([
      "2026-12-01T09:00:00.000Z",
      "2026-12-01T10:00:00.000Z",
      "2026-12-01T11:00:00.000Z",
      "2026-12-01T12:00:00.000Z",
    ]);
    expect(bucketStarts("2026-11-29T00:00:00Z", "2026-12-01T00:00:00Z", "day")).toHaveLength(2);
  });
});

describe("stackedChart", () => {
  it("puts each row's figure in its bucket, one series per model, largest first", () => {
    expect(stackedChart(HOURS, "model", "requests")).toEqual({
      buckets: bucketStarts(HOURS.from, HOURS.to, "hour"),
      series: [
        { name: "openai/gpt-4o-mini", values: [0, 4, 0, 0] },
        { name: "openai/gpt-4o", values: [0, 0, 0, 2] },
      ],
    });
  });

  it("groups by key, naming requests without one, and adds input and output tokens", () => {
    expect(stackedChart(HOURS, "key", "tokens").series).toEqual([
      { name: "frontend", values: [0, 36, 0, 24] },
      { name: NO_KEY, values: [0, 12, 0, 0] },
    ]);
  });

  it("sums the smallest groups into Others past the limit", () => {
    const report: UsageReport = {
      ...HOURS,
      data: ["a", "b", "c", "d"].map((model, index) => row("2026-12-01T11:00:00Z", null, model, index + 1)),
    };
    expect(stackedChart(report, "model", "requests", 3).series).toEqual([
      { name: "openai/d", values: [0, 0, 4, 0] },
      { name: "openai/c", values: [0, 0, 3, 0] },
      { name: OTHERS, values: [0, 0, 3, 0] },
    ]);
  });
});

describe("totals and breakdown", () => {
  it("adds every figure up, and per key the most expensive first", () => {
    expect(totalsOf(HOURS.data)).toEqual({
      requests: 6,
      input_tokens: 60,
      output_tokens: 12,
      cost_usd: expect.closeTo(0.006, 10),
      cache_hits: 1,
      cache_saved_usd: 0.5,
    });
    expect(breakdown(HOURS.data, "key").map((entry) => [entry.name, entry.requests, entry.cache_saved_usd])).toEqual([
      ["frontend", 5, 0.5],
      [NO_KEY, 1, 0],
    ]);
  });
});
