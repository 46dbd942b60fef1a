import { describe, expect, it } from "vitest";
import { openAIDuration, retryAfterSeconds } from "../../src/access/durations.js";
import { periodEnd, periodKey, periodStarts, periodTtlMs } from "../../src/access/periods.js";

const at = (iso: string) => Date.parse(iso);

describe("budget periods", () => {
  it("are calendar periods in UTC; weeks start on Monday", () => {
    // 2026-12-06 is a Sunday.
    expect(periodStarts(at("2026-12-06T23:59:59Z"))).toEqual({ day: "2026-12-06", week: "2026-11-30", month: "2026-12-01" });
    expect(periodStarts(at("2026-12-07T00:00:00Z"))).toEqual({ day: "2026-12-07", week: "2026-12-07", month: "2026-12-01" });
    expect(periodEnd("day", at("2026-12-31T12:00:00Z"))).toBe(at("2027-01-01T00:00:00Z"));
    expect(periodEnd("week", at("2026-12-06T12:00:00Z"))).toBe(at("2026-12-07T00:00:00Z"));
    expect(periodEnd("month", at("2026-12-06T12:00:00Z"))).toBe(at("2027-01-01T00:00:00Z"));
    expect(periodEnd("total", at("2026-12-06T12:00:00Z"))).toBeUndefined();
    expect(periodKey("total", periodStarts(at("2026-12-06T12:00:00Z")))).toBe("total");
    expect(periodTtlMs("day", at("2026-12-06T12:00:00Z"))).toBe(36 * 3_600_000);
  });
});

describe("durations", () => {
  it("are written as OpenAI writes them", () => {
    expect(openAIDuration(120)).toBe("120ms");
    expect(openAIDuration(1500)).toBe("1.5s");
    expect(openAIDuration(20_000)).toBe("20s");
    expect(openAIDuration(360_000)).toBe("6m0s");
    expect(openAIDuration(86_770)).toBe("1m26.77s");
    expect(openAIDuration(3_723_000)).toBe("1h2m3s");
    expect(retryAfterSeconds(120)).toBe("1");
    expect(retryAfterSeconds(20_001)).toBe("21");
  });
});
