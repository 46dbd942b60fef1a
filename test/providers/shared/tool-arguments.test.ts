import { describe, expect, it } from "vitest";
import { parseToolArguments } from "../../../src/providers/shared/tool-arguments.js";
import { ProxyError } from "../../../src/errors.js";

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
