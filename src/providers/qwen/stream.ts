import { OpenAIStreamTranslator } from "../openai-compatible/stream.js";
import type { ChunkSink, StreamTranslator, UpstreamEvent } from "../types.js";
import { withoutNullFingerprint } from "./conformance.js";

/**
 * DashScope streams OpenAI's chunks (`reasoning_content` beside `content`), read by the OpenAI
 * translator once each event's text is mended where it strays from OpenAI's schema.
 */
export class QwenStreamTranslator implements StreamTranslator {
  private readonly inner: OpenAIStreamTranslator;

  constructor(choices = 1) {
    this.inner = new OpenAIStreamTranslator(choices);
  }

  push(event: UpstreamEvent, sink: ChunkSink): void {
    this.inner.push({ event: event.event, data: withoutNullFingerprint(event.data) }, sink);
  }

  end(): void {
    this.inner.end();
  }
}
