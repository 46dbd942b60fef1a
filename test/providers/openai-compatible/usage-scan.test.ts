import { describe, expect, it } from "vitest";
import { scanUsage } from "../../../src/providers/openai-compatible/usage-scan.js";
import { testData } from "../../helpers/files.js";

const recorded = testData("openai-chat-completion.json");

describe("scanUsage", () => {
  it("reads the recorded answer's usage exactly as a full parse would", () => {
    expect(scanUsage(recorded)).toEqual(JSON.parse(recorded).usage);
  });

  it("finds the top-level usage, not one quoted inside generated text", () => {
    const answer = {
      id: "x",
      choices: [
        { index: 0, message: { role: "assistant", content: '{"usage": {"total_tokens": 999}} and "usage"' }, finish_reason: "stop" },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    };
    expect(scanUsage(JSON.stringify(answer))).toEqual(answer.usage);
    expect(scanUsage(JSON.stringify(answer, null, 2))).toEqual(answer.usage);
  });

  it("tells an answer without usage (null) from text it cannot vouch for (undefined)", () => {
    expect(scanUsage('{"choices":[],"usage":null}')).toBeNull();
    expect(scanUsage('{"choices":[]}')).toBeNull();
    expect(scanUsage("<html>oops</html>")).toBeUndefined();
    expect(scanUsage('{"error":{"message":"x"}}')).toBeUndefined();
    expect(scanUsage('{"choices":[],"usage":{"total_tokens":')).toBeUndefined();
    expect(scanUsage('{"choices":[],"usage":{"total_tokens":"3"}}')).toBeUndefined();
  });
});
