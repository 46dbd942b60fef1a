import { describe, expect, it } from "vitest";
import { mapLimited } from "../../src/lib/map-limited.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("mapLimited", () => {
  it("gives the results in the items' order, with at most `limit` under way", async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimited([5, 1, 4, 2, 3, 0], 2, async (n) => {
      most = Math.max(most, ++running);
      for (let i = 0; i < n; i++) await tick();
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(2);
  });

  it("rejects with the first failure and starts no further item", async () => {
    const started: number[] = [];
    const failure = new Error("batch 1 failed");
    const outcome = mapLimited([0, 1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 1) throw failure;
      await tick();
      return n;
    });
    await expect(outcome).rejects.toBe(failure);
    await tick();
    expect(started).toEqual([0, 1]);
  });
});
