import { describe, expect, it } from "vitest";
import { parseGeminiResponse } from "../../../src/providers/gemini/response.js";
import type { GenerateContentAnswer } from "../../../src/providers/gemini/wire.js";
import { translationContext } from "../../helpers/translation.js";
import { gemini } from "../../../src/providers/gemini/index.js";
import { expectCompletion } from "../../helpers/openai-schema.js";
import { recordedSegments } from "../../helpers/gemini-recordings.js";

const ctx = translationContext(gemini, { model: "gemini-2.0-flash" });

describe("Gemini JSON answers", () => {
  it("text.recording.json: text, STOP, usage", () => {
    const [body] = recordedSegments("text.recording.json");
    const { completion } = parseGeminiResponse(body!, ctx);
    expectCompletion(completion);
    const recorded = JSON.parse(body!).candidates[0].content.parts[0].text;
    expect(completion).toEqual({
      id: "chatcmpl-test",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "gemini-2.0-flash",
      choices: [{ index: 0, message: { role: "assistant", content: recorded, refusal: null }, logprobs: null, finish_reason: "stop" }],
      usage: {
        prompt_tokens: 6,
        completion_tokens: 353,
        total_tokens: 359,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
  });

  it("function-call.recording.json: a tool call with a generated id and string arguments", () => {
    const { completion } = parseGeminiResponse(recordedSegments("function-call.recording.json")[0]!, ctx);
    expectCompletion(completion);
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: "assistant",
        content: null,
        refusal: null,
        tool_calls: [
          {
            id: expect.stringMatching(/^call_[0-9A-Za-z]{24}$/),
            type: "function",
            function: { name: "customDivide", arguments: '{"denominator":2,"numerator":100}' },
          },
        ],
      },
      logprobs: null,
      finish_reason: "tool_calls",
    });
  });

  it("keeps thoughts in reasoning_content and answers a blocked prompt as content_filter", () => {
    const thinking: GenerateContentAnswer = {
      candidates: [
        { index: 0, content: { role: "model", parts: [{ text: "Hmm.", thought: true }, { text: "Yes." }] }, finishReason: "STOP" },
      ],
    };
    const message = parseGeminiResponse(JSON.stringify(thinking), ctx).completion.choices[0]!.message;
    expect(message).toEqual({ role: "assistant", content: "Yes.", refusal: null, reasoning_content: "Hmm." });

    const blocked: GenerateContentAnswer = {
      promptFeedback: { blockReason: "PROHIBITED_CONTENT" },
      usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 },
    };
    const { completion } = parseGeminiResponse(JSON.stringify(blocked), ctx);
    expectCompletion(completion);
    expect(completion.choices).toEqual([
      { index: 0, message: { role: "assistant", content: null, refusal: null }, logprobs: null, finish_reason: "content_filter" },
    ]);
  });

  it.each(["<html>", "[]"])("answers a 502 for a malformed body %j", (body) => {
    expect(() => parseGeminiResponse(body, ctx)).toThrow(expect.objectContaining({ status: 502, code: "bad_upstream_response" }));
  });
});
