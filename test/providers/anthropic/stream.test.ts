import { describe, expect, it } from "vitest";
import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import { AnthropicStreamTranslator } from "../../../src/providers/anthropic/stream.js";
import { ProxyError } from "../../../src/errors.js";
import type { UpstreamEvent } from "../../../src/providers/types.js";
import { chunkMaker, translateAll, translationContext } from "../../helpers/translation.js";
import { anthropic } from "../../../src/providers/anthropic/index.js";
import { expectChunk } from "../../helpers/openai-schema.js";
import { fixture, lines } from "../../helpers/files.js";
import { parseSse } from "../../helpers/sse.js";

const translator = () => new AnthropicStreamTranslator(translationContext(anthropic, { model: "claude-x", stream: true }));

const jsonlEvents = (path: string): UpstreamEvent[] => lines(fixture(path)).map((data) => ({ event: undefined, data }));
const typed = (events: RawMessageStreamEvent[]): UpstreamEvent[] =>
  events.map((event) => ({ event: event.type, data: JSON.stringify(event) }));

function run(events: UpstreamEvent[]) {
  const chunks = translateAll(translator(), events).map(({ chunk }) => chunk);
  chunks.forEach(expectChunk);
  return chunks;
}

describe("Anthropic stream translation (recorded streams)", () => {
  it("text.sse: role first, text deltas, stop, then usage; ping ignored", () => {
    const c = chunkMaker("claude-opus-4-8");
    expect(run(parseSse(fixture("anthropic/text.sse")))).toEqual([
      c.delta({ role: "assistant", content: "" }),
      c.delta({ content: "Hello" }),
      c.delta({ content: " there" }),
      c.delta({ content: "!" }),
      c.delta({}, "stop"),
      c.usage({ prompt_tokens: 11, completion_tokens: 6, total_tokens: 17, prompt_tokens_details: { cached_tokens: 0 } }),
    ]);
  });

  it("text-then-tool-use.sse: the tool call's first delta has id and name, fragments follow on its index", () => {
    const c = chunkMaker("claude-opus-4-8");
    const args = (fragment: string) => c.delta({ tool_calls: [{ index: 0, function: { arguments: fragment } }] });
    expect(run(parseSse(fixture("anthropic/text-then-tool-use.sse")))).toEqual([
      c.delta({ role: "assistant", content: "" }),
      c.delta({ content: "I" }),
      c.delta({ content: "'ll check the current weather in Paris for you." }),
      c.delta({
        tool_calls: [
          { index: 0, id: "toolu_01NRLabsLyVHZPKxbKvkfSMn", type: "function", function: { name: "get_weather", arguments: "" } },
        ],
      }),
      args('{"locati'),
      args('on": "P'),
      args("ar"),
      args('is"}'),
      c.delta({}, "tool_calls"),
      c.usage({ prompt_tokens: 377, completion_tokens: 65, total_tokens: 442, prompt_tokens_details: { cached_tokens: 0 } }),
    ]);
  });

  it("text.chunks.jsonl (data lines only, no event names): cumulative message_delta usage wins", () => {
    const c = chunkMaker("claude-sonnet-4-5-20250929");
    const chunks = run(jsonlEvents("anthropic/text.chunks.jsonl"));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe(
      "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
    );
    expect(chunks.at(-2)).toEqual(c.delta({}, "stop"));
    expect(chunks.at(-1)).toEqual(
      c.usage({ prompt_tokens: 12, completion_tokens: 30, total_tokens: 42, prompt_tokens_details: { cached_tokens: 0 } }),
    );
  });

  it("tool-use-json.chunks.jsonl: argument fragments concatenate to the recorded JSON", () => {
    const c = chunkMaker("claude-haiku-4-5-20251001");
    const chunks = run(jsonlEvents("anthropic/tool-use-json.chunks.jsonl"));
    expect(chunks[1]).toEqual(
      c.delta({
        tool_calls: [{ index: 0, id: "toolu_01KFbKqPYSuAKujiL6mTfzYA", type: "function", function: { name: "json", arguments: "" } }],
      }),
    );
    const args = chunks
      .flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])
      .map((call) => call.function?.arguments ?? "")
      .join("");
    expect(JSON.parse(args)).toEqual({ elements: [{ location: "San Francisco", temperature: 58, condition: "sunny" }] });
    expect(chunks.at(-2)).toEqual(c.delta({}, "tool_calls"));
    expect(chunks.at(-1)).toEqual(
      c.usage({ prompt_tokens: 849, completion_tokens: 47, total_tokens: 896, prompt_tokens_details: { cached_tokens: 0 } }),
    );
  });
});

const start = () =>
  ({
    type: "message_start",
    message: {
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 1, cache_read_input_tokens: 100, cache_creation_input_tokens: 5 },
    },
  }) as unknown as RawMessageStreamEvent;
const stop = (reason: string, usage: object = { output_tokens: 9 }) =>
  [
    { type: "message_delta", delta: { stop_reason: reason, stop_sequence: null }, usage },
    { type: "message_stop" },
  ] as unknown as RawMessageStreamEvent[];

describe("Anthropic stream translation (published event shapes)", () => {
  const c = chunkMaker("claude-sonnet-4-5");

  it("puts thinking into reasoning_content, never into content, and counts cache reads as cached prompt tokens", () => {
    const chunks = run(
      typed([
        start(),
        { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } },
        { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "Two plus two" } },
        { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: " is four." } },
        { type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "EqQBCgIYAhIM" } },
        { type: "content_block_stop", index: 0 },
        { type: "content_block_start", index: 1, content_block: { type: "text", text: "", citations: null } },
        { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "4" } },
        { type: "content_block_stop", index: 1 },
        ...stop("end_turn", { output_tokens: 30, output_tokens_details: { thinking_tokens: 25 } }),
      ] as RawMessageStreamEvent[]),
    );
    expect(chunks).toEqual([
      c.delta({ role: "assistant", content: "" }),
      c.delta({ reasoning_content: "Two plus two" }),
      c.delta({ reasoning_content: " is four." }),
      c.delta({ content: "4" }),
      c.delta({}, "stop"),
      c.usage({
        prompt_tokens: 125,
        completion_tokens: 30,
        total_tokens: 155,
        prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 5 },
        completion_tokens_details: { reasoning_tokens: 25 },
      }),
    ]);
  });

  it("gives parallel tool calls distinct, stable indexes and '{}' to a call without arguments", () => {
    const chunks = run(
      typed([
        start(),
        {
          type: "content_block_start",
          index: 0,
          content_block: { type: "tool_use", id: "toolu_A", name: "now", input: {}, caller: { type: "direct" } },
        },
        { type: "content_block_stop", index: 0 },
        {
          type: "content_block_start",
          index: 1,
          content_block: { type: "tool_use", id: "toolu_B", name: "weather", input: {}, caller: { type: "direct" } },
        },
        { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"city":' } },
        { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '"Oslo"}' } },
        { type: "content_block_stop", index: 1 },
        ...stop("tool_use"),
      ] as RawMessageStreamEvent[]),
    );
    expect(chunks.slice(1, -2)).toEqual([
      c.delta({ tool_calls: [{ index: 0, id: "toolu_A", type: "function", function: { name: "now", arguments: "" } }] }),
      c.delta({ tool_calls: [{ index: 0, function: { arguments: "{}" } }] }),
      c.delta({ tool_calls: [{ index: 1, id: "toolu_B", type: "function", function: { name: "weather", arguments: "" } }] }),
      c.delta({ tool_calls: [{ index: 1, function: { arguments: '{"city":' } }] }),
      c.delta({ tool_calls: [{ index: 1, function: { arguments: '"Oslo"}' } }] }),
    ]);
  });

  it.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["pause_turn", "stop"],
    ["max_tokens", "length"],
    ["model_context_window_exceeded", "length"],
    ["tool_use", "tool_calls"],
    ["refusal", "content_filter"],
  ])("maps stop_reason %s to finish_reason %s", (reason, finish) => {
    const chunks = run(typed([start(), ...stop(reason)]));
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe(finish);
  });

  it("ignores events it does not know and blocks OpenAI has no place for", () => {
    const chunks = run([
      ...typed([start()]),
      { event: "ping", data: '{"type": "ping"}' },
      { event: "brand_new_event", data: '{"type":"brand_new_event","x":1}' },
      ...typed([
        { type: "content_block_start", index: 0, content_block: { type: "redacted_thinking", data: "abc" } },
        { type: "content_block_stop", index: 0 },
        ...stop("end_turn"),
      ] as RawMessageStreamEvent[]),
    ]);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta ?? null)).toEqual([{ role: "assistant", content: "" }, {}, null]);
  });
});

describe("Anthropic stream failures", () => {
  it("turns the recorded mid-stream overloaded error into a 503 ProxyError", () => {
    const events = [...typed([start()]), ...parseSse(fixture("errors/anthropic-overloaded-midstream.sse"))];
    let thrown: unknown;
    try {
      translateAll(translator(), events);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProxyError);
    expect((thrown as ProxyError).status).toBe(503);
    expect((thrown as ProxyError).toBody()).toEqual({
      error: { message: "Overloaded", type: "server_error", param: null, code: "overloaded_error" },
    });
  });

  it("knows an error event by its SSE name too, and gives api_error its 500", () => {
    const events = [...typed([start()]), { event: "error", data: '{"error":{"type":"api_error","message":"Internal server error"}}' }];
    expect(() => translateAll(translator(), events)).toThrow(
      expect.objectContaining({ status: 500, type: "server_error", code: "api_error", message: "Internal server error" }),
    );
  });

  it("fails a stream that ends before its stop reason", () => {
    expect(() => translateAll(translator(), typed([start()]))).toThrow(
      expect.objectContaining({ status: 502, code: "upstream_stream_incomplete" }),
    );
  });

  it("fails on an event that is not JSON", () => {
    expect(() => translateAll(translator(), [{ event: "message_start", data: "{not json" }])).toThrow(
      expect.objectContaining({ status: 502, code: "bad_upstream_response" }),
    );
  });
});
