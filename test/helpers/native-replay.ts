import type { ChatCompletionChunk, ChatRequest } from "../../src/chat/types.js";
import { loadConfigText } from "../../src/config/load.js";
import { adapterFor } from "../../src/providers/registry.js";
import type { StreamTranslator, TranslationContext, UpstreamEvent } from "../../src/providers/types.js";
import { SseParser } from "../../src/streaming/sse-parser.js";
import type { MockHandler } from "./mock-upstream.js";

/** A translation context as the chat handler builds it, for a provider configured by `yaml`. */
export function translationContext(
  yaml: string,
  providerName: string,
  request: Partial<ChatRequest> & { model: string },
  overrides: Partial<TranslationContext> = {},
): TranslationContext {
  const config = loadConfigText(yaml, {}, adapterFor);
  return {
    provider: config.providers[providerName]!,
    upstreamModel: request.model,
    request: { messages: [{ role: "user", content: "hi" }], ...request } as ChatRequest,
    clientStream: request.stream === true,
    completionId: "chatcmpl-test",
    created: 1_700_000_000,
    fetchImage: async () => {
      throw new Error("fetchImage not expected in this test");
    },
    ...overrides,
  };
}

/** The events of raw SSE bytes, as the proxy's own parser reads them. */
export function sseFixtureEvents(raw: string): UpstreamEvent[] {
  const events: UpstreamEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  parser.feed(raw);
  parser.end();
  return events;
}

/** Feeds events through a translator and returns every chunk it emitted, `end` included. */
export function translateEvents(translator: StreamTranslator, events: UpstreamEvent[]): ChatCompletionChunk[] {
  const chunks: ChatCompletionChunk[] = [];
  const sink = {
    chunk: (chunk: ChatCompletionChunk) => void chunks.push(chunk),
    relay: (text: string) => void chunks.push(JSON.parse(text) as ChatCompletionChunk),
  };
  for (const event of events) translator.push(event, sink);
  translator.end(sink);
  return chunks;
}

export interface DataEventOptions {
  /** Add an `event:` line named after each payload's `type` (as Anthropic sends it). */
  eventLines?: boolean;
  /** The blank line that ends an event: `\n\n`, or `\r\n\r\n` as Google sends it. */
  separator?: "\n\n" | "\r\n\r\n";
}

/** Payloads framed as SSE events, byte for byte what a provider would write. */
export function sseFrames(payloads: string[], options: DataEventOptions = {}): string[] {
  const newline = options.separator === "\r\n\r\n" ? "\r\n" : "\n";
  return payloads.map((data) => {
    const name = options.eventLines ? `event: ${(JSON.parse(data) as { type: string }).type}${newline}` : "";
    return `${name}data: ${data}${newline}${newline}`;
  });
}

/** A mock handler that streams the given SSE frames one write at a time. */
export function streamFrames(frames: string[], gapMs = 1): MockHandler {
  return async (_request, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    for (const frame of frames) {
      if (res.destroyed) return;
      res.write(frame);
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
    res.end();
  };
}

/** Builders for the exact chunks a translator should emit for `translationContext`'s ids. */
export function chunkMaker(model: string) {
  const base = { id: "chatcmpl-test", object: "chat.completion.chunk", created: 1_700_000_000, model };
  return {
    delta: (delta: object, finish: string | null = null, index = 0) => ({
      ...base,
      choices: [{ index, delta, logprobs: null, finish_reason: finish }],
    }),
    usage: (usage: object) => ({ ...base, choices: [], usage }),
  };
}
