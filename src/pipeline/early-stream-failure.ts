import type { ProxyError } from "../errors.js";
import { recordFailure } from "./outcome.js";
import { SSE_HEADERS, type StreamRelay } from "./stream-relay.js";
import type { Answer } from "./types.js";

/**
 * A stream that failed before its commit point. The attempt loop retries it or falls back like
 * any retryable failure; when no attempt is left, `answer` shows the client the stream as it
 * stood (what it would have read, then one error event).
 */
export class EarlyStreamFailure extends Error {
  override name = "EarlyStreamFailure";

  constructor(
    readonly failure: ProxyError,
    readonly answer: Answer,
  ) {
    super(failure.message);
  }
}

/** The last attempt's stream failed before its first content: the client sees the stream as it stood (the held events, then the failure). */
export function streamFailureAnswer(relay: StreamRelay, error: ProxyError): Answer {
  return {
    deliver(exchange) {
      recordFailure(exchange.outcome, error, true);
      exchange.res.writeHead(200, { ...SSE_HEADERS, ...exchange.headers });
      relay.endWithError(exchange.res, error);
    },
  };
}
