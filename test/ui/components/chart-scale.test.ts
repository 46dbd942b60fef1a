import { describe, expect, it } from "vitest";
import { niceCeiling, niceTicks } from "../../../ui/src/components/chart-scale.js";

describe("niceCeiling", () => {
  it("rounds up to 1, 2, 2.5 or 5 times a power of ten", () => {
    expect([0, 1, 1.2, 3, 7, 12, 240, 0.0004, 0.003].map(niceCeiling)).toEqual([0, 1, 2, 5, 10, 20, 250, 0.0005, 0.005]);
  });
});

describe("niceTicks", () => {
  it("steps from 0 past the largest value, by whole numbers for counts", () => {
    expect(niceTicks(5, 4, true)).toEqual([0, 2, 4, 6]);
    expect(niceTicks(3, 4, true)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(6_000, 4, true)).toEqual([0, 2_000, 4_000, 6_000]);
    expect(niceTicks(0.00108, 4, false)).toEqual([0, 0.0005, 0.001, 0.0015]);
    expect(niceTicks(0, 4, true)).toEqual([0, 1]);
  });
});
