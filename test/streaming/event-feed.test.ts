import { describe, expect, it } from "vitest";
import type { ChatCompletionChunk } from "../../src/chat/types.js";
import { OpenAIStreamTranslator } from "../../src/providers/openai-compatible/stream.js";
import { createEventFeed } from "../../src/streaming/event-feed.js";
import { fixture } from "../helpers/files.js";
import { sseData, sseEvents } from "../helpers/sse.js";

const RECORDED = fixture("openai/text.sse");

describe("createEventFeed, SSE", () => {
  it("passes plain content deltas after the first token as slices of the bytes read, parsing only what matters", () => {
    const bytes = Buffer.from(RECORDED);
    const parsed: string[] = [];
    const passed: Buffer[] = [];
    const sink = {
      chunk: (_chunk: ChatCompletionChunk, text?: string) => parsed.push(text!),
      relay: (text: string) => parsed.push(text),
    };
    const feed = createEventFeed("sse", new OpenAIStreamTranslator(), sink, (events) => passed.push(events));
    feed.write(bytes);
    feed.end();

    const events = sseEvents(RECORDED);
    const payloads = sseData(RECORDED);
    // The role chunk and the first token (the commit point), then the finish and usage chunks.
    expect(parsed).toEqual([payloads[0], payloads[1], payloads.at(-3), payloads.at(-2)]);
    expect(passed).toHaveLength(1);
    expect(passed[0]!.toString()).toBe(events.slice(2, -3).join(""));
    // Not a copy: the very bytes read.
    expect(passed[0]!.buffer).toBe(bytes.buffer);
  });

  it("parses every event when no pass-through is offered (a stream collected for a JSON answer)", () => {
    const parsed: string[] = [];
    const feed = createEventFeed("sse", new OpenAIStreamTranslator(), {
      chunk: (_chunk, text) => parsed.push(text!),
      relay: (text) => parsed.push(text),
    });
    feed.write(Buffer.from(RECORDED));
    feed.end();
    expect(parsed).toEqual(sseData(RECORDED).slice(0, -1));
  });
});
