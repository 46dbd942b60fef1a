import type { ChatCompletionChunk } from "../../chat/types.js";
import { ProxyError } from "../../errors.js";
import { malformedUpstream } from "../shared/upstream-json.js";
import { openAIStyleError } from "../shared/error-body.js";
import type { ChunkSink, StreamTranslator, UpstreamEvent } from "../types.js";

/**
 * Relays OpenAI chunks as they are (their exact bytes), checking each is a chunk. An error
 * object mid-stream, a malformed event or an end before any finish_reason or `[DONE]` fails the
 * stream.
 */
export class OpenAIStreamTranslator implements StreamTranslator {
  private done = false;
  private finished = false;

  push(event: UpstreamEvent, sink: ChunkSink): void {
    if (this.done) return;
    const data = event.data;
    if (data === "[DONE]") {
      this.done = true;
      return;
    }
    let chunk: ChatCompletionChunk & { error?: unknown };
    try {
      chunk = JSON.parse(data);
    } catch {
      throw malformedUpstream("stream event");
    }
    if (typeof chunk !== "object" || chunk === null) throw malformedUpstream("stream event");
    if (!Array.isArray(chunk.choices)) {
      if (chunk.error !== undefined) throw openAIStyleError(502, data, {});
      throw malformedUpstream("stream event");
    }
    for (const choice of chunk.choices) if (choice.finish_reason) this.finished = true;
    sink.chunk(chunk, data);
  }

  end(): void {
    if (!this.done && !this.finished) {
      throw new ProxyError(502, "The upstream stream ended before the answer was complete.", {
        type: "upstream_error",
        code: "upstream_stream_incomplete",
      });
    }
  }
}
