import { describe, expect, it } from "vitest";
import { formatBytes, formatUsd } from "../../ui/src/format.js";

describe("formatUsd", () => {
  it("shows cents from a dollar up, and two significant digits below", () => {
    expect([0, 12.345, 1234.5, 0.0131, 0.000412, 0.01, 0.5].map(formatUsd)).toEqual([
      "$0.00",
      "$12.35",
      "$1,234.50",
      "$0.013",
      "$0.00041",
      "$0.01",
      "$0.50",
    ]);
  });
});

describe("formatBytes", () => {
  it("counts in decimal units, as Ollama does", () => {
    expect([512, 2_019_393_189, 4_700_000_000_000].map(formatBytes)).toEqual(["512 B", "2 GB", "4.7 TB"]);
  });
});
