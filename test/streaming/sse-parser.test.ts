import { describe, expect, it } from "vitest";
import { SseParser } from "../../src/streaming/sse-parser.js";
import type { UpstreamEvent } from "../../src/providers/types.js";
import { fixture } from "../helpers/files.js";

function parseInPieces(pieces: string[]): UpstreamEvent[] {
  const events: UpstreamEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  for (const piece of pieces) parser.feed(piece);
  parser.end();
  return events;
}

describe("SseParser", () => {
  it("parses the recorded Anthropic stream, event names included", () => {
    const events = parseInPieces([fixture("anthropic/text.sse")]);
    expect(events.map((e) => e.event)).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(JSON.parse(events[3]!.data)).toMatchObject({ delta: { text: "Hello" } });
  });

  it("gives the same events however the bytes are split", () => {
    const raw = fixture("openai/tool-call.sse");
    const whole = parseInPieces([raw]);
    const oneByOne = parseInPieces([...raw]);
    const inThrees = parseInPieces(raw.match(/[\s\S]{1,3}/g)!);
    expect(oneByOne).toEqual(whole);
    expect(inThrees).toEqual(whole);
    expect(whole.at(-1)!.data).toBe("[DONE]");
  });

  it("accepts CRLF and CR line endings, even with CRLF split across reads", () => {
    const crlf = 'data: {"a":1}\r\n\r\ndata: {"b":2}\r\n\r\n';
    expect(parseInPieces([crlf]).map((e) => e.data)).toEqual(['{"a":1}', '{"b":2}']);
    expect(parseInPieces(['data: {"a":1}\r', "\n\r", '\ndata: {"b":2}\r\n\r\n']).map((e) => e.data)).toEqual(['{"a":1}', '{"b":2}']);
    expect(parseInPieces(["data: x\r\rdata: y\r\r"]).map((e) => e.data)).toEqual(["x", "y"]);
  });

  it("joins multi-line data, skips comments, strips one leading space only", () => {
    const events = parseInPieces([": keep-alive\n\nevent: e\ndata: line one\ndata:line two\ndata:  indented\nid: 7\n\n"]);
    expect(events).toEqual([{ event: "e", data: "line one\nline two\n indented" }]);
  });

  it("delivers a last event that lacks its closing blank line", () => {
    expect(parseInPieces(["data: a\n\ndata: [DONE]"]).map((e) => e.data)).toEqual(["a", "[DONE]"]);
  });
});
