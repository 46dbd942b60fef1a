import { describe, expect, it } from "vitest";
import { backoffDelay, retryAfterMs } from "../../src/resilience/backoff.js";

const settings = { backoff_ms: 1000, max_backoff_ms: 8000 };

describe("backoff", () => {
  it("doubles from backoff_ms (1 s, 2 s, 4 s), capped at max_backoff_ms", () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, settings, () => 0))).toEqual([1000, 2000, 4000, 8000, 8000]);
  });

  it("takes up to a quarter off at random, never more", () => {
    expect(backoffDelay(1, settings, () => 0.999999)).toBe(750);
    expect(backoffDelay(3, settings, () => 0.5)).toBe(3500);
  });
});

describe("retry-after", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");

  it("reads retry-after-ms first, then retry-after in seconds or as an HTTP date", () => {
    expect(retryAfterMs({ "retry-after-ms": "1500", "retry-after": "9" }, now)).toBe(1500);
    expect(retryAfterMs({ "retry-after": "7" }, now)).toBe(7000);
    expect(retryAfterMs({ "retry-after": "0.5" }, now)).toBe(500);
    expect(retryAfterMs({ "retry-after": "Tue, 01 Dec 2026 12:00:30 GMT" }, now)).toBe(30_000);
  });

  it("gives nothing for what it cannot read, and never a negative wait", () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after-ms": "", "retry-after": "2" }, now)).toBe(2000);
    expect(retryAfterMs({ "retry-after": "Tue, 01 Dec 2026 11:00:00 GMT" }, now)).toBe(0);
    expect(retryAfterMs({ "retry-after-ms": "-5" }, now)).toBe(0);
  });
});
