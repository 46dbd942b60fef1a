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
 * Parsing every chunk was a fifth of the proxy's CPU time on streams, and decoding and re-encoding
 * their text most of the rest. So once the first token has gone out, a plain content chunk is not
 * parsed: the relay passes its bytes on undecoded (passesUnparsed), or, when the upstream framed it
 * otherwise, it is recognised on its text and relayed (isPlainContentChunk). A garbled event that
 * is not brace-delimited still fails the stream; one that is and still is not JSON reaches the
 * client as the upstream sent it.
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

  passesUnparsed(bytes: Uint8Array, start: number, end: number): boolean {
    return this.outputSeen && !this.parseAll && !this.done && isPlainContentPayload(bytes, start, end);
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

/** `"finish_reason"` as bytes. */
const FINISH_REASON_NAME = [...'"finish_reason"'].map((char) => char.charCodeAt(0));
/** `null` as bytes. */
const NULL = [110, 117, 108, 108];

/**
 * isPlainContentChunk on a payload's UTF-8 bytes, `bytes[start, end)`: the same rule, read
 * without decoding. The key's bytes are ASCII, which UTF-8 never uses inside a multi-byte
 * character, so it matches exactly where it matches in the text. Searched from the end, colon by
 * colon, as the key sits near the end of a chunk.
 */
export function isPlainContentPayload(bytes: Uint8Array, start: number, end: number): boolean {
  if (bytes[start] !== 123 /* { */ || bytes[end - 1] !== 125 /* } */) return false;
  const name = FINISH_REASON_NAME.length;
  for (let colon = end - 1; colon >= start + name; colon--) {
    if (bytes[colon] !== 58 /* : */) continue;
    let matched = name - 1;
    while (matched >= 0 && bytes[colon - name + matched] === FINISH_REASON_NAME[matched]) matched--;
    if (matched >= 0) continue;
    let value = colon + 1;
    if (bytes[value] === 32 /* space */) value++;
    return bytes[value] === NULL[0] && bytes[value + 1] === NULL[1] && bytes[value + 2] === NULL[2] && bytes[value + 3] === NULL[3];
  }
  return false;
}
