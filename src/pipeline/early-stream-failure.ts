import type { ProxyError } from "../errors.js";
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
