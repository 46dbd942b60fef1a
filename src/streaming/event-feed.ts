import { StringDecoder } from "node:string_decoder";
import type { ChunkSink, StreamTranslator, UpstreamEvent } from "../providers/types.js";
import { NdjsonParser } from "./ndjson-parser.js";
import { type SseBypass, SseScanner } from "./sse-scanner.js";

export interface EventFeed {
  /** Feeds raw upstream bytes; translated chunks reach the sink synchronously. */
  write(bytes: Buffer): void;
  /** The upstream body ended: flush the parser, then let the translator check completeness. */
  end(): void;
}

/**
 * Upstream bytes → parsed events (SSE or NDJSON) → translator → OpenAI chunks in `sink`. With
 * `passThrough`, SSE events the translator lets pass unparsed (StreamTranslator.passesUnparsed)
 * skip the translator and reach `passThrough` as the bytes they came in.
 */
export function createEventFeed(
  format: "sse" | "ndjson",
  translator: StreamTranslator,
  sink: ChunkSink,
  passThrough?: (events: Buffer) => void,
): EventFeed {
  const onEvent = (event: UpstreamEvent) => translator.push(event, sink);
  if (format === "sse") {
    const passes = translator.passesUnparsed?.bind(translator);
    const bypass: SseBypass | undefined = passes && passThrough ? { accepts: passes, pass: passThrough } : undefined;
    const scanner = new SseScanner(onEvent, bypass);
    return {
      write: (bytes) => scanner.write(bytes),
      end() {
        scanner.end();
        translator.end(sink);
      },
    };
  }
  const decoder = new StringDecoder("utf8");
  const parser = new NdjsonParser(onEvent);
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
