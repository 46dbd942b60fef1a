import { describe, expect, it } from "vitest";
import { niceCeiling } from "../../../ui/src/components/chart-scale.js";

describe("niceCeiling", () => {
  it("rounds up to 1, 2, 2.5 or 5 times a power of ten", () => {
    expect([0, 1, 1.2, 3, 7, 12, 240, 0.0004, 0.003].map(niceCeiling)).toEqual([0, 1, 2, 5, 10, 20, 250, 0.0005, 0.005]);
  });
});
