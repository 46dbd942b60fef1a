import { describe, expect, it } from "vitest";
import { Registry } from "prom-client";
import { TalliedHistogram } from "../../src/metrics/tallied-histogram.js";
import { parseMetrics } from "../helpers/metrics.js";

describe("TalliedHistogram", () => {
  it("exposes Prometheus buckets (le inclusive, cumulative), +Inf, _sum and _count through a prom-client registry", async () => {
    const registry = new Registry();
    const histogram = new TalliedHistogram("test_seconds", "A test.", [0.1, 1, 10], registry);
    const series = histogram.child({ provider: "p", model: "m" });
    for (const value of [0.05, 0.1, 0.5, 1, 7, 30, Number.NaN]) series.observe(value);
    histogram.child({ provider: "p", model: "unused" });

    const text = await registry.metrics();
    expect(text).toContain("# TYPE test_seconds histogram");
    const samples = parseMetrics(text);
    const value = (name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(value("test_seconds_bucket", { model: "m", le: "0.1" })).toBe(2);
    expect(value("test_seconds_bucket", { model: "m", le: "1" })).toBe(4);
    expect(value("test_seconds_bucket", { model: "m", le: "10" })).toBe(5);
    expect(value("test_seconds_bucket", { model: "m", le: "+Inf" })).toBe(6);
    expect(value("test_seconds_count", { model: "m" })).toBe(6);
    expect(value("test_seconds_sum", { model: "m" })).toBeCloseTo(38.65, 10);
    expect(samples.some((s) => s.labels.model === "unused")).toBe(false);

    await registry.resetMetrics();
    expect(parseMetrics(await registry.metrics()).filter((s) => s.name.startsWith("test_seconds"))).toEqual([]);
  });
});
