import { describe, expect, it } from "vitest";
import { newToolCallId } from "../../../src/providers/shared/ids.js";

describe("newToolCallId", () => {
  it("makes distinct OpenAI-style ids", () => {
    const ids = new Set(Array.from({ length: 100 }, newToolCallId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^call_[0-9A-Za-z]{24}$/);
  });
});
