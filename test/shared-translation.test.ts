import { describe, expect, it } from "vitest";
import { parseDataUrl } from "../src/providers/shared/data-url.js";
import { contentParts, contentText } from "../src/providers/shared/message-content.js";
import { parseToolArguments } from "../src/providers/shared/tool-arguments.js";
import { newToolCallId } from "../src/providers/shared/ids.js";
import { ProxyError } from "../src/errors.js";

describe("parseDataUrl", () => {
  it("reads media type and data of a base64 data URL", () => {
    expect(parseDataUrl("data:image/png;base64,iVBORw0KGgo=")).toEqual({ mediaType: "image/png", base64: "iVBORw0KGgo=" });
    expect(parseDataUrl("data:IMAGE/JPEG;charset=binary;base64,/9j/\n4AAQ")).toEqual({ mediaType: "image/jpeg", base64: "/9j/4AAQ" });
  });
  it("names image/jpg, which browsers and clients send, by its registered type image/jpeg", () => {
    expect(parseDataUrl("data:image/jpg;base64,/9j/4AAQ")).toEqual({ mediaType: "image/jpeg", base64: "/9j/4AAQ" });
    expect(parseDataUrl("data:Image/JPG;base64,/9j/4AAQ")).toEqual({ mediaType: "image/jpeg", base64: "/9j/4AAQ" });
  });
  it("refuses what is not a base64 data URL", () => {
    expect(parseDataUrl("https://example.com/cat.png")).toBeUndefined();
    expect(parseDataUrl("data:text/plain,hello")).toBeUndefined();
  });
});

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

describe("parseToolArguments", () => {
  it("parses an object and treats empty as {}", () => {
    expect(parseToolArguments('{"city":"Paris"}', "p")).toEqual({ city: "Paris" });
    expect(parseToolArguments("", "p")).toEqual({});
  });
  it("answers 400 naming the param for anything else", () => {
    for (const bad of ["{", "[1]", "3"]) {
      expect(() => parseToolArguments(bad, "messages[1].tool_calls[0].function.arguments")).toThrow(ProxyError);
      try {
        parseToolArguments(bad, "messages[1].tool_calls[0].function.arguments");
      } catch (error) {
        expect(error).toMatchObject({ status: 400, param: "messages[1].tool_calls[0].function.arguments" });
      }
    }
  });
});

describe("newToolCallId", () => {
  it("makes distinct OpenAI-style ids", () => {
    const ids = new Set(Array.from({ length: 100 }, newToolCallId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^call_[0-9A-Za-z]{24}$/);
  });
});
