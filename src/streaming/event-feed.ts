import { StringDecoder } from "node:string_decoder";
import type { ChunkSink, StreamTranslator } from "../providers/types.js";
import { NdjsonParser } from "./ndjson-parser.js";
import { SseParser } from "./sse-parser.js";

export interface EventFeed {
  /** Feeds raw upstream bytes; translated chunks reach the sink synchronously. */
  write(bytes: Buffer): void;
  /** The upstream body ended: flush the parser, then let the translator check completeness. */
  end(): void;
}

/** Upstream bytes → parsed events (SSE or NDJSON) → translator → OpenAI chunks in `sink`. */
export function createEventFeed(format: "sse" | "ndjson", translator: StreamTranslator, sink: ChunkSink): EventFeed {
  const decoder = new StringDecoder("utf8");
  const onEvent = (event: { event: string | undefined; data: string }) => translator.push(event, sink);
  const parser = format === "sse" ? new SseParser(onEvent) : new NdjsonParser(onEvent);
  return {
    write(bytes) {
      parser.feed(decoder.write(bytes));
    },
    end() {
      const rest = decoder.end();
      if (rest) parser.feed(rest);
      parser.end();
      translator.end(sink);
    },
  };
}
