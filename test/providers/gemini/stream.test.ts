import { describe, expect, it } from "vitest";
import { GeminiStreamTranslator } from "../../../src/providers/gemini/stream.js";
import type { GenerateContentAnswer } from "../../../src/providers/gemini/wire.js";
import { chunkMaker, translateAll, translationContext } from "../../helpers/translation.js";
import { gemini } from "../../../src/providers/gemini/index.js";
import { expectChunk } from "../../helpers/openai-schema.js";
import { recordedSegments } from "../../helpers/gemini-recordings.js";
import { fixture, lines } from "../../helpers/files.js";

const CALL_ID = expect.stringMatching(/^call_[0-9A-Za-z]{24}$/);

function run(payloads: string[]) {
  const translator = new GeminiStreamTranslator(translationContext(gemini, { model: "gemini-x", stream: true }));
  const chunks = translateAll(translator, payloads).map(({ chunk }) => chunk);
  chunks.forEach(expectChunk);
  return chunks;
}

const usage = (prompt: number, completion: number, reasoning = 0, cached = 0) => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
  prompt_tokens_details: { cached_tokens: cached },
  completion_tokens_details: { reasoning_tokens: reasoning },
});

describe("Gemini stream translation (recorded streams)", () => {
  it("stream-max-tokens: text deltas, MAX_TOKENS → length, usage from the last usageMetadata", () => {
    const c = chunkMaker("gemini-2.0-flash");
    expect(run(recordedSegments("stream-max-tokens.recording.json"))).toEqual([
      c.delta({ role: "assistant", content: "" }),
      c.delta({ content: "The" }),
      c.delta({ content: " sky is blue" }),
      c.delta({ content: " because of a phenomenon called **Rayleigh scattering**. Here's a breakdown:" }),
      c.delta({}, "length"),
      c.usage(usage(6, 20)),
    ]);
  });

  it("function-call-stream: a whole call as one delta with a generated id, and STOP → tool_calls", () => {
    const c = chunkMaker("gemini-2.0-flash");
    expect(run(recordedSegments("function-call-stream.recording.json"))).toEqual([
      c.delta({ role: "assistant", content: "" }),
      c.delta({
        tool_calls: [
          { index: 0, id: CALL_ID, type: "function", function: { name: "customDivide", arguments: '{"denominator":2,"numerator":100}' } },
        ],
      }),
      c.delta({}, "tool_calls"),
      c.usage(usage(21, 6)),
    ]);
  });

  it("text-thinking.chunks.jsonl: the signature-only part says nothing; thoughts count as reasoning tokens", () => {
    const c = chunkMaker("gemini-3-pro-preview");
    expect(run(lines(fixture("gemini/text-thinking.chunks.jsonl")))).toEqual([
      c.delta({ role: "assistant", content: "" }),
      c.delta({ content: "There are **3**" }),
      c.delta({ content: ' "r"s in strawberry.\n\nst**r**awbe**rr**y' }),
      c.delta({}, "stop"),
      c.usage(usage(9, 23 + 185, 185)),
    ]);
  });
});

const event = (answer: GenerateContentAnswer) => JSON.stringify(answer);

describe("Gemini stream translation (published shapes)", () => {
  const c = chunkMaker("gemini-2.5-flash");

  it("puts thought parts into reasoning_content only, and gives parallel calls distinct ids and indexes", () => {
    const chunks = run([
      event({
        modelVersion: "gemini-2.5-flash",
        candidates: [{ index: 0, content: { role: "model", parts: [{ text: "Two cities: ", thought: true }] } }],
      }),
      event({ candidates: [{ index: 0, content: { role: "model", parts: [{ text: "call both.", thought: true }] } }] }),
      event({
        candidates: [
          {
            index: 0,
            content: {
              role: "model",
              parts: [
                { functionCall: { name: "weather", args: { city: "Paris" } }, thoughtSignature: "c2lnbmF0dXJl" },
                { functionCall: { name: "weather", args: { city: "Oslo" } } },
              ],
            },
            finishReason: "STOP",
          },
        ],
        usageMetadata: {
          promptTokenCount: 30,
          candidatesTokenCount: 10,
          thoughtsTokenCount: 50,
          cachedContentTokenCount: 12,
          totalTokenCount: 90,
        },
      }),
    ]);
    expect(chunks.slice(0, 3)).toEqual([
      c.delta({ role: "assistant", content: "" }),
      c.delta({ reasoning_content: "Two cities: " }),
      c.delta({ reasoning_content: "call both." }),
    ]);
    const calls = chunks.slice(3, 5).map((chunk) => chunk.choices[0]!.delta.tool_calls![0]!);
    expect(calls).toEqual([
      {
        index: 0,
        id: expect.stringMatching(/^call_[0-9A-Za-z]{24}_c2lnbmF0dXJl$/),
        type: "function",
        function: { name: "weather", arguments: '{"city":"Paris"}' },
      },
      { index: 1, id: CALL_ID, type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } },
    ]);
    expect(calls[0]!.id).not.toBe(calls[1]!.id);
    expect(chunks.slice(5)).toEqual([c.delta({}, "tool_calls"), c.usage(usage(30, 60, 50, 12))]);
  });

  it("keeps several candidates (n) apart by index, each finishing on its own", () => {
    const chunks = run([
      event({
        modelVersion: "gemini-2.5-flash",
        candidates: [
          { index: 0, content: { role: "model", parts: [{ text: "A" }] } },
          { index: 1, content: { role: "model", parts: [{ text: "B" }] }, finishReason: "STOP" },
        ],
      }),
      event({ candidates: [{ index: 0, content: { role: "model", parts: [{ text: "!" }] }, finishReason: "MAX_TOKENS" }] }),
    ]);
    expect(chunks).toEqual([
      c.delta({ role: "assistant", content: "" }),
      c.delta({ content: "A" }),
      c.delta({ role: "assistant", content: "" }, null, 1),
      c.delta({ content: "B" }, null, 1),
      c.delta({}, "stop", 1),
      c.delta({ content: "!" }),
      c.delta({}, "length"),
    ]);
  });

  it.each([
    ["SAFETY", "content_filter"],
    ["RECITATION", "content_filter"],
    ["BLOCKLIST", "content_filter"],
    ["PROHIBITED_CONTENT", "content_filter"],
    ["SPII", "content_filter"],
    ["IMAGE_SAFETY", "content_filter"],
    ["MAX_TOKENS", "length"],
    ["STOP", "stop"],
    ["OTHER", "stop"],
  ] as const)("maps finishReason %s to %s", (reason, finish) => {
    const chunks = run([event({ candidates: [{ index: 0, finishReason: reason }] })]);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe(finish);
  });

  it("answers a prompt blocked before any candidate as content_filter, not a failure", () => {
    const chunks = run([event({ promptFeedback: { blockReason: "SAFETY" }, usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 } })]);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? null)).toEqual([null, "content_filter", null]);
    expect(chunks.at(-1)!.usage).toEqual(usage(8, 0));
  });
});

describe("Gemini stream failures", () => {
  it("turns an error object mid-stream into a ProxyError with its own status", () => {
    const error = '{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}';
    expect(() => run([recordedSegments("stream-max-tokens.recording.json")[0]!, error])).toThrow(
      expect.objectContaining({ status: 503, message: "The model is overloaded. Please try again later.", code: "unavailable" }),
    );
  });

  it("passes over entries that are not candidates or parts instead of failing", () => {
    const c = chunkMaker("gemini-x");
    const chunks = run(['{"candidates":[null,{"index":0,"content":{"role":"model","parts":[null,{"text":"ok"}]},"finishReason":"STOP"}]}']);
    expect(chunks).toEqual([c.delta({ role: "assistant", content: "" }), c.delta({ content: "ok" }), c.delta({}, "stop")]);
  });

  it("fails a stream that ends before any finishReason", () => {
    expect(() => run(recordedSegments("stream-max-tokens.recording.json").slice(0, 2))).toThrow(
      expect.objectContaining({ status: 502, code: "upstream_stream_incomplete" }),
    );
  });

  it.each(["MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS"] as const)(
    "fails the stream when a candidate ends with %s, a failed tool call, instead of calling it a stop",
    (reason) => {
      const failed = event({ candidates: [{ index: 0, finishReason: reason, finishMessage: "Malformed function call: print(x(" }] });
      expect(() => run([recordedSegments("stream-max-tokens.recording.json")[0]!, failed])).toThrow(
        expect.objectContaining({
          status: 502,
          type: "upstream_error",
          code: reason.toLowerCase(),
          message: expect.stringContaining("Malformed function call: print(x("),
        }),
      );
    },
  );

  it("fails on an event that is not JSON", () => {
    expect(() => run(["{truncated"])).toThrow(expect.objectContaining({ status: 502, code: "bad_upstream_response" }));
  });
});
