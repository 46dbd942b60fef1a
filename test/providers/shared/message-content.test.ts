import { describe, expect, it } from "vitest";
import { contentParts, contentText } from "../../../src/providers/shared/message-content.js";

describe("message content", () => {
  it("treats strings and part arrays alike", () => {
    expect(contentParts("hi")).toEqual([{ type: "text", text: "hi" }]);
    expect(contentParts("")).toEqual([]);
    expect(contentParts(null)).toEqual([]);
    expect(
      contentText([
        { type: "text", text: "a" },
        { type: "image_url", image_url: { url: "x" } },
        { type: "text", text: "b" },
      ]),
    ).toBe("a\nb");
  });
});
