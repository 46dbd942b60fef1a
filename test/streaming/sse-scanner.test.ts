import { describe, expect, it } from "vitest";
import { MAX_EVENT_BYTES, SseScanner } from "../../src/streaming/sse-scanner.js";
import type { UpstreamEvent } from "../../src/providers/types.js";
import { fixture } from "../helpers/files.js";

type Output = { event: UpstreamEvent } | { passed: string };

/** Scans `pieces` as consecutive reads; with `accepts`, events it accepts are passed as bytes. */
function scan(pieces: Array<string | Buffer>, accepts?: (payload: string) => boolean): Output[] {
  const out: Output[] = [];
  const bypass = accepts && {
    accepts: (bytes: Buffer, start: number, end: number) => accepts(bytes.toString("utf8", start, end)),
    pass: (events: Buffer) => out.push({ passed: events.toString("utf8") }),
  };
  const scanner = new SseScanner((event) => out.push({ event }), bypass);
  for (const piece of pieces) scanner.write(Buffer.isBuffer(piece) ? piece : Buffer.from(piece));
  scanner.end();
  return out;
}

const events = (pieces: Array<string | Buffer>) => scan(pieces).map((output) => (output as { event: UpstreamEvent }).event);

/** Every way of cutting `bytes` in two, plus byte by byte. */
function splits(bytes: Buffer): Buffer[][] {
  const ways: Buffer[][] = [];
  for (let cut = 1; cut < bytes.length; cut++) ways.push([bytes.subarray(0, cut), bytes.subarray(cut)]);
  ways.push([...bytes].map((byte) => Buffer.from([byte])));
  return ways;
}

describe("SseScanner: events", () => {
  it("parses the recorded Anthropic stream, event names included", () => {
    const parsed = events([fixture("anthropic/text.sse")]);
    expect(parsed.map((e) => e.event)).toEqual([
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
    expect(JSON.parse(parsed[3]!.data)).toMatchObject({ delta: { text: "Hello" } });
  });

  it("gives the same events however the bytes are split", () => {
    const raw = fixture("openai/tool-call.sse");
    const whole = events([raw]);
    expect(events([...Buffer.from(raw)].map((byte) => Buffer.from([byte])))).toEqual(whole);
    expect(events(raw.match(/[\s\S]{1,3}/g)!)).toEqual(whole);
    expect(whole.at(-1)!.data).toBe("[DONE]");
  });

  it("accepts CRLF and CR line endings, even with CRLF split across reads", () => {
    const crlf = 'data: {"a":1}\r\n\r\ndata: {"b":2}\r\n\r\n';
    expect(events([crlf]).map((e) => e.data)).toEqual(['{"a":1}', '{"b":2}']);
    expect(events(['data: {"a":1}\r', "\n\r", '\ndata: {"b":2}\r\n\r\n']).map((e) => e.data)).toEqual(['{"a":1}', '{"b":2}']);
    expect(events(["data: x\r\rdata: y\r\r"]).map((e) => e.data)).toEqual(["x", "y"]);
    for (const pieces of splits(Buffer.from(crlf))) expect(events(pieces).map((e) => e.data)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("joins multi-line data, skips comments and other fields, strips one leading space only", () => {
    const parsed = events([": keep-alive\n\nevent: e\ndata: line one\ndata:line two\ndata:  indented\nid: 7\nretry: 10\n\n"]);
    expect(parsed).toEqual([{ event: "e", data: "line one\nline two\n indented" }]);
  });

  it("decodes UTF-8 split anywhere, and ignores a leading byte order mark", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('data: {"t":"héllo 🦊"}\n\n')]);
    for (const pieces of splits(bytes)) expect(events(pieces)).toEqual([{ event: undefined, data: '{"t":"héllo 🦊"}' }]);
  });

  it("delivers a last event that lacks its closing blank line", () => {
    expect(events(["data: a\n\ndata: [DONE]"]).map((e) => e.data)).toEqual(["a", "[DONE]"]);
    expect(events(["data: a\n\ndata: [DONE]\n"]).map((e) => e.data)).toEqual(["a", "[DONE]"]);
  });

  it("refuses an event too large for any stream instead of buffering it without end", () => {
    const scanner = new SseScanner(() => {});
    const megabyte = Buffer.alloc(1024 * 1024, "x");
    scanner.write(Buffer.from("data: "));
    expect(() => {
      for (let i = 0; i <= MAX_EVENT_BYTES / megabyte.length; i++) scanner.write(megabyte);
    }).toThrow(/over 64 MiB/);
  });
});

describe("SseScanner: bytes passed through", () => {
  const plain = (payload: string) => payload.startsWith("{") && !payload.includes("stop");
  const stream = 'data: {"first":1}\n\ndata: {"p":1}\n\ndata: {"p":2}\n\ndata: {"stop":1}\n\ndata: {"p":3}\n\ndata: [DONE]\n\n';

  it("passes a run of accepted events as one slice of the bytes read, in order with the events parsed", () => {
    const out = scan([stream], (payload) => payload !== '{"first":1}' && plain(payload));
    expect(out).toEqual([
      { event: { event: undefined, data: '{"first":1}' } },
      { passed: 'data: {"p":1}\n\ndata: {"p":2}\n\n' },
      { event: { event: undefined, data: '{"stop":1}' } },
      { passed: 'data: {"p":3}\n\n' },
      { event: { event: undefined, data: "[DONE]" } },
    ]);
  });

  it("gives the same bytes and events however the stream is split across reads", () => {
    const whole = scan([stream], plain);
    const joined = (out: Output[]) => {
      // Splits may cut a run in two: compare with adjacent passed slices joined.
      const merged: Output[] = [];
      for (const item of out) {
        const last = merged.at(-1);
        if (last && "passed" in last && "passed" in item) last.passed += item.passed;
        else merged.push({ ...item });
      }
      return merged;
    };
    for (const pieces of splits(Buffer.from(stream))) expect(joined(scan(pieces, plain))).toEqual(whole);
  });

  it("parses, never passes, an event framed otherwise: CRLF, no space, several lines, a name, a CR", () => {
    const framed = [
      'data: {"p":1}\r\n\r\n',
      'data:{"p":2}\n\n',
      'data: {"p":\ndata: 3}\n\n',
      'event: delta\ndata: {"p":4}\n\n',
      'data: {"p":5}\n\r\n',
      'data: {"p":6}\rdata: 7}\n\n',
    ];
    const out = scan([framed.join("")], plain);
    expect(out.every((item) => "event" in item)).toBe(true);
    expect(out.map((item) => (item as { event: UpstreamEvent }).event.data)).toEqual([
      '{"p":1}',
      '{"p":2}',
      '{"p":\n3}',
      '{"p":4}',
      '{"p":5}',
      '{"p":6}\n7}',
    ]);
  });

  it("passes the data line of an event whose comment lines come first, as the client would see it", () => {
    expect(scan([': ping\ndata: {"p":1}\n\n'], plain)).toEqual([{ passed: 'data: {"p":1}\n\n' }]);
  });

  it("waits for the blank line that closes an event rather than decoding it early", () => {
    expect(scan(['data: {"p":1}\n', '\ndata: {"p":2}\n', "\n"], plain)).toEqual([
      { passed: 'data: {"p":1}\n\n' },
      { passed: 'data: {"p":2}\n\n' },
    ]);
  });
});
