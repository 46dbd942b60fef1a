import { describe, expect, it } from "vitest";
import { isPlainContentChunk, isPlainContentPayload, OpenAIStreamTranslator } from "../../../src/providers/openai-compatible/stream.js";
import { parseSse, sseData, sseEvents } from "../../helpers/sse.js";
import type { ChatCompletionChunk } from "../../../src/chat/types.js";
import { fixture } from "../../helpers/files.js";

/** Replays a recording through the translator, noting which chunks it parsed and which it relayed. */
function replay(raw: string, choices = 1) {
  const translator = new OpenAIStreamTranslator(choices);
  const calls: Array<{ kind: "chunk" | "relay"; text: string; chunk?: ChatCompletionChunk }> = [];
  const sink = {
    chunk: (chunk: ChatCompletionChunk, text?: string) => calls.push({ kind: "chunk", text: text!, chunk }),
    relay: (text: string) => calls.push({ kind: "relay", text }),
  };
  for (const event of parseSse(raw)) translator.push(event, sink);
  translator.end();
  return calls;
}

describe("OpenAI stream translator", () => {
  it("relays every recorded chunk's exact text, parsing only those that matter", () => {
    const raw = fixture("openai/text.sse");
    const calls = replay(raw);
    const recorded = sseData(raw).filter((data) => data.startsWith("{"));
    expect(calls.map((c) => c.text)).toEqual(recorded);
    const kinds = calls.map((c) => c.kind);
    // role chunk and first token parsed (time to first token), then plain content relayed,
    // then the finish chunk and the usage chunk parsed.
    expect(kinds.slice(0, 2)).toEqual(["chunk", "chunk"]);
    expect(kinds.slice(2, -2).every((k) => k === "relay")).toBe(true);
    expect(kinds.slice(-2)).toEqual(["chunk", "chunk"]);
    expect(calls.at(-2)!.chunk!.choices[0]!.finish_reason).toBe("stop");
    expect(calls.at(-1)!.chunk!.usage).toMatchObject({ total_tokens: expect.any(Number) });
  });

  it("parses every chunk when several choices stream together", () => {
    expect(replay(fixture("openai/text.sse"), 2).every((c) => c.kind === "chunk")).toBe(true);
  });

  it("still fails an event truncated after the first token", () => {
    const events = sseEvents(fixture("openai/text.sse")).slice(0, 3).join("");
    const truncated = `${events}data: {"id":"chatcmpl-x","choices":[{"index":0,"delta":{"content":"tru"},"finish_re\n\n`;
    expect(() => replay(truncated)).toThrow(/malformed stream event/);
  });

  it("fails on a choice that is not an object, before or after the first token", () => {
    const events = sseEvents(fixture("openai/text.sse")).slice(0, 3).join("");
    const garbled = '{"id":"chatcmpl-x","object":"chat.completion.chunk","created":1,"model":"m","choices":[null]}';
    expect(() => replay(`data: ${garbled}\n\n`)).toThrow(/malformed stream event/);
    expect(() => replay(`${events}data: ${garbled}\n\n`)).toThrow(/malformed stream event/);
  });

  it("fails on an error object after the first token", () => {
    const events = sseEvents(fixture("openai/text.sse")).slice(0, 3).join("");
    expect(() => replay(`${events}data: {"error":{"message":"overloaded","type":"server_error"}}\n\n`)).toThrow("overloaded");
  });
});

describe("isPlainContentChunk", () => {
  it.each([
    ['{"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}', true],
    ['{"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason": null}], "usage": null}', true],
    ['{"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}],"usage":null}', true],
    ['{"choices":[{"index":0,"delta":{"content":"\\"finish_reason\\":\\"stop\\""},"finish_reason":null}]}', true],
    ['{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}', false],
    ['{"choices":[],"usage":{"prompt_tokens":1}}', false],
    ['{"error":{"message":"boom"}}', false],
    ['{"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]', false],
    ['{"choices":[{"index":0,"delta":{"content":"x"}}]}', false],
    ['{"choices":[{"index":0,"delta":{"content":"🦊 \\"finish_reason\\": null"},"finish_reason":"stop"}]}', false],
    ['{"choices":[{"index":0,"delta":{"content":"élan"},"finish_reason":null}],"obfuscation":"Zx9"}', true],
  ])("%s → %s, on the text and on its bytes", (data, plain) => {
    expect(isPlainContentChunk(data)).toBe(plain);
    // Inside a larger buffer, as the relay reads it: `data: ` before, the blank line after.
    const bytes = Buffer.from(`data: ${data}\n\n`);
    expect(isPlainContentPayload(bytes, 6, bytes.length - 2)).toBe(plain);
  });
});
