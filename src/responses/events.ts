import type { ProxyError } from "../errors.js";
import type { ClientText } from "../pipeline/stream-relay.js";
import type { Response } from "./types.js";

export type StreamEvent = { type: string; [field: string]: unknown };

/** One named SSE event as OpenAI sends them: `event:` is the payload's `type`. */
export function sseEvent(event: StreamEvent, sequenceNumber: number): string {
  return `event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number: sequenceNumber })}\n\n`;
}

/**
 * Numbers the events of one stream (`sequence_number` from 0, as OpenAI's) and writes them to the
 * client through the relay, which holds everything until the first event that carries output.
 */
export class ResponseEventWriter {
  private next = 0;

  constructor(private readonly out: ClientText) {}

  readonly write = (event: StreamEvent, output: boolean): void => {
    this.out.emit(sseEvent(event, this.next++), output);
  };

  /** The events that end a failed stream, as text (the relay writes them). */
  failure(error: ProxyError, response: Response): string {
    return failureEvents(error, response, () => this.next++);
  }
}

/**
 * A failed stream's last two events, as OpenAI ends one: `error` (with the error's code, message
 * and param at the top, as the spec has them, and as the `error` object live streams carry, which
 * the openai SDKs throw from), then `response.failed` with the response as it stood. Never
 * `response.completed`.
 */
export function failureEvents(error: ProxyError, response: Response, sequence: () => number): string {
  const { message, type, code, param } = error.toBody().error;
  const errorEvent: StreamEvent = {
    type: "error",
    code: code ?? type,
    message,
    param,
    error: { type, code: code ?? type, message, param },
  };
  return sseEvent(errorEvent, sequence()) + sseEvent({ type: "response.failed", response }, sequence());
}
