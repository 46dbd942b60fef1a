import type { ChatCompletionChunk } from "../../chat/types.js";
import { carriesOutput } from "../shared/chunk-facts.js";
import { isPlainObject } from "../../lib/is-plain-object.js";
import { incompleteStream, malformedUpstream } from "../shared/upstream-json.js";
import { ChoiceProgress } from "../shared/choice-progress.js";
import { openAIStyleError } from "../shared/error-body.js";
import type { ChunkSink, StreamTranslator, UpstreamEvent } from "../types.js";

/**
 * Relays OpenAI chunks as they are (their exact bytes). An error object mid-stream, a malformed
 * event, or an end without `[DONE]` before every choice has its finish_reason fails the stream.
 *
 * Parsing every chunk was a fifth of the proxy's CPU time on streams, so once the first token has
 * gone out, a plain content chunk (recognised on its text, see isPlainContentChunk) is relayed
 * unparsed. A garbled event that is not brace-delimited still fails the stream; one that is and
 * still is not JSON reaches the client as the upstream sent it.
 */
export class OpenAIStreamTranslator implements StreamTranslator {
  private done = false;
  private readonly choices = new ChoiceProgress();
  private outputSeen = false;
  /** With several choices one chunk may finish one choice and not another: parse everything. */
  private readonly parseAll: boolean;

  constructor(choices = 1) {
    this.parseAll = choices > 1;
  }

  push(event: UpstreamEvent, sink: ChunkSink): void {
    if (this.done) return;
    const data = event.data;
    if (data === "[DONE]") {
      this.done = true;
      return;
    }
    if (this.outputSeen && !this.parseAll && isPlainContentChunk(data)) {
      sink.relay(data);
      return;
    }
    let chunk: ChatCompletionChunk & { error?: unknown };
    try {
      chunk = JSON.parse(data);
    } catch {
      throw malformedUpstream("stream event");
    }
    if (typeof chunk !== "object" || chunk === null) throw malformedUpstream("stream event");
    if (!Array.isArray(chunk.choices) || !chunk.choices.every(isPlainObject)) {
      if (chunk.error !== undefined) throw openAIStyleError(502, data, {});
      throw malformedUpstream("stream event");
    }
    for (const choice of chunk.choices) this.choices.note(choice);
    if (!this.outputSeen && carriesOutput(chunk)) this.outputSeen = true;
    sink.chunk(chunk, data);
  }

  end(): void {
    if (!this.done && !this.choices.complete) throw incompleteStream();
  }
}

const FINISH_REASON_KEY = '"finish_reason":';

/**
 * True when a single-choice chunk's text is brace-delimited and shows an unset finish_reason.
 * Such a chunk cannot be the finish, the usage-only or an error chunk, so nothing is lost by not
 * parsing it (a usage some servers repeat on every chunk is superseded by the final one). Inside
 * JSON strings quotes are escaped, so the key can only match the chunk's own structure; it sits
 * near the end of a chunk, hence the backward search.
 */
export function isPlainContentChunk(data: string): boolean {
  if (data.charCodeAt(0) !== 123 /* { */ || data.charCodeAt(data.length - 1) !== 125 /* } */) return false;
  const key = data.lastIndexOf(FINISH_REASON_KEY);
  if (key === -1) return false;
  const value = key + FINISH_REASON_KEY.length;
  return data.startsWith("null", value) || data.startsWith(" null", value);
}
