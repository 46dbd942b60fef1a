import type { ChatCompletionChunk } from "../../chat/types.js";
import { OpenAIStreamTranslator } from "../openai-compatible/stream.js";
import type { ChunkSink, StreamTranslator, UpstreamEvent } from "../types.js";
import { conformChunk } from "./conformance.js";

/**
 * DashScope streams OpenAI's chunks (`reasoning_content` beside `content`), read by the OpenAI
 * translator; a chunk that strays from OpenAI's schema is mended and serialised again, the
 * others leave as their own bytes.
 */
export class QwenStreamTranslator implements StreamTranslator {
  private readonly inner = new OpenAIStreamTranslator();

  push(event: UpstreamEvent, sink: ChunkSink): void {
    this.inner.push(event, conforming(sink));
  }

  end(): void {
    this.inner.end();
  }
}

function conforming(sink: ChunkSink): ChunkSink {
  return {
    chunk(chunk: ChatCompletionChunk, text?: string) {
      if (conformChunk(chunk)) sink.chunk(chunk);
      else sink.chunk(chunk, text);
    },
  };
}
