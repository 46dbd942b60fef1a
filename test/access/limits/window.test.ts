import { describe, expect, it } from "vitest";
import { elapsed, resetMs, rolled, usage, waitMs } from "../../../src/access/limits/window.js";

describe("the sliding-window counter", () => {
  it("rolls the current window into the previous one, and forgets both after a whole window", () => {
    const counts = { index: 10, current: 7, previous: 3 };
    expect(rolled(counts, 10)).toBe(counts);
    expect(rolled(counts, 11)).toEqual({ index: 11, current: 0, previous: 7 });
    expect(rolled(counts, 12)).toEqual({ index: 12, current: 0, previous: 0 });
    expect(rolled(undefined, 5)).toEqual({ index: 5, current: 0, previous: 0 });
  });

  it("counts the previous window for the part of it still inside the last window", () => {
    expect(elapsed(61_500, 1, 60_000)).toBeCloseTo(0.025);
    expect(usage({ index: 1, current: 2, previous: 10 }, 0.25)).toBe(9.5);
  });

  it("says how long until a request fits: now, as the previous window fades, or in the next window", () => {
    const windowMs = 60_000;
    expect(waitMs({ index: 1, current: 1, previous: 0 }, 0.5, windowMs, 3, 1)).toBe(0);
    // 10 previous at 0.5 → 5 + 1 current = 6 used; one more fits once 10·(1−f) ≤ 1, at f = 0.9: 24 s.
    expect(waitMs({ index: 1, current: 1, previous: 10 }, 0.5, windowMs, 3, 1)).toBe(24_000);
    // 3 of 3 in the current window at f = 0.5: the next window, once 3·(1−g) ≤ 2, g = 1/3: 30 s + 20 s.
    expect(waitMs({ index: 1, current: 3, previous: 0 }, 0.5, windowMs, 3, 1)).toBe(50_000);
    expect(waitMs({ index: 1, current: 0, previous: 0 }, 0, windowMs, 3, 4)).toBeUndefined();
  });

  it("says how long until the window counts nothing", () => {
    expect(resetMs({ index: 1, current: 1, previous: 5 }, 0.25, 60_000)).toBe(105_000);
    expect(resetMs({ index: 1, current: 0, previous: 5 }, 0.25, 60_000)).toBe(45_000);
    expect(resetMs({ index: 1, current: 0, previous: 0 }, 0.25, 60_000)).toBe(0);
  });
});
