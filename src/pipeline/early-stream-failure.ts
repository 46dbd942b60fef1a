import type { ProxyError } from "../errors.js";

/**
 * A stream that failed before its commit point: nothing of it reached the client. The attempt
 * turns it into its `failure` (recovery `retry`), which the attempt loop retries or falls back on
 * like any upstream failure; when no attempt is left, the client gets that failure as an HTTP
 * error with its status, as it would have without a stream (never a 200 that then fails).
 */
export class EarlyStreamFailure extends Error {
  override name = "EarlyStreamFailure";

  constructor(readonly failure: ProxyError) {
    super(failure.message);
  }
}
