import { carriesOutput, isUsageOnlyChunk } from "../providers/shared/chunk-facts.js";
import type { ChunkSink } from "../providers/types.js";
import type { ClientText } from "../pipeline/stream-relay.js";
import type { ChatCompletionChunk, CompletionUsage } from "./types.js";

export interface ChatEncoderOptions {
  /** The client's `stream_options.include_usage`: otherwise the usage chunk is kept back. */
  includeUsage: boolean;
  /**
   * Keep every chunk until the stream ends (to cache the answer, or to count its tokens should
   * the upstream report no usage). Off, a stream holds nothing but what is in flight.
   */
  record: boolean;
  /**
   * The stream continues one the client is already reading (retry.resume_streams): its chunks
   * before the first content (the role chunk) are left out.
   */
  continuing?: boolean;
}

const DATA_FIELD = "data: ";

/**
 * Chat chunks → the client's SSE text (`data: {…}\n\n`): the usage chunk held back unless asked
 * for, usage kept for accounting, and, when told to, every chunk recorded (as its JSON text where
 * the translator relayed upstream bytes). Plain content deltas may come as the upstream's own
 * bytes (passThrough): they go to the client as they are.
 */
export class ChatStreamEncoder implements ChunkSink {
  usage: CompletionUsage | undefined;
  readonly recorded: Array<ChatCompletionChunk | string> = [];
  /** A continuation's chunks before its first content are left out (see ChatEncoderOptions.continuing). */
  private beforeContinuation: boolean;

  constructor(
    private readonly out: ClientText,
    private readonly options: ChatEncoderOptions,
  ) {
    this.beforeContinuation = options.continuing === true;
  }

  chunk(chunk: ChatCompletionChunk, text?: string): void {
    if (chunk.usage) this.usage = chunk.usage;
    if (this.options.record) this.recorded.push(text ?? chunk);
    if (!this.options.includeUsage && isUsageOnlyChunk(chunk)) return;
    const output = carriesOutput(chunk);
    if (this.beforeContinuation) {
      if (!output && !chunk.usage && chunk.choices.every((choice) => !choice.finish_reason)) return;
      this.beforeContinuation = !output;
    }
    this.out.emit(text === undefined ? `data: ${JSON.stringify(chunk)}\n\n` : dataEvent(text), output);
  }

  relay(text: string): void {
    if (this.options.record) this.recorded.push(text);
    // Only plain content deltas are relayed unparsed: each carries generated output.
    this.out.emit(dataEvent(text), true);
  }

  /** Plain content deltas as the upstream's own bytes: whole events, each exactly `data: …\n\n`. */
  passThrough(events: Buffer): void {
    if (this.options.record) {
      for (const event of events.toString("utf8").split("\n\n")) if (event) this.recorded.push(event.slice(DATA_FIELD.length));
    }
    this.out.emitBytes(events);
  }

  /** The end marker, after the last chunk. */
  done(): void {
    this.out.emit("data: [DONE]\n\n", false);
  }

  /** The recorded chunks as objects (parsing those that were relayed unparsed). */
  recordedChunks(): ChatCompletionChunk[] {
    return this.recorded.map((chunk) => (typeof chunk === "string" ? (JSON.parse(chunk) as ChatCompletionChunk) : chunk));
  }
}

/** The one event that ends a failed chat stream. */
export function chatErrorEvent(error: { toBody(): object }): string {
  return `data: ${JSON.stringify(error.toBody())}\n\n`;
}

/**
 * Upstream text as one event. An upstream may have sent the JSON over several `data:` lines,
 * which SSE joins with "\n" (valid JSON whitespace): each line goes out as a `data:` line again.
 */
function dataEvent(text: string): string {
  return text.includes("\n") ? `data: ${text.replaceAll("\n", "\ndata: ")}\n\n` : `data: ${text}\n\n`;
}
