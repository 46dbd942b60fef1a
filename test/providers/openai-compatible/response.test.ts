import { describe, expect, it } from "vitest";
import { parseOpenAIResponse } from "../../../src/providers/openai-compatible/response.js";
import { testData } from "../../helpers/files.js";

const recorded = testData("openai-chat-completion.json");

describe("parseOpenAIResponse", () => {
  it("keeps the bytes, reports usage, and parses the completion only when asked", () => {
    const translated = parseOpenAIResponse(recorded);
    expect(translated.text).toBe(recorded);
    expect(translated.usage).toEqual(JSON.parse(recorded).usage);
    expect(translated.completion).toEqual(JSON.parse(recorded));
  });

  it("still answers a 200 carrying an error body, or garbage, with a 502", () => {
    expect(() => parseOpenAIResponse('{"error":{"message":"quota"}}').completion).toThrow("quota");
    expect(() => parseOpenAIResponse("not json").completion).toThrow(/malformed/);
  });
});
