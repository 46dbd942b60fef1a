import { ProxyError } from "../errors.js";
import { Cancellation } from "../upstream/cancellation.js";

/**
 * The deadline of one attempt: its upstream call is aborted when the client leaves, or when the
 * request's deadline passes before the attempt reached its commit point. Attempts after a failure
 * get one; the first only when the deadline is nearer than its first_byte_ms, so the path without
 * faults sets no timer in the default config.
 */
export class AttemptDeadline {
  readonly signal = new Cancellation();
  private readonly timer: NodeJS.Timeout;
  private readonly onClientGone = () => this.signal.cancel(this.client.reason);

  constructor(
    private readonly client: Cancellation,
    remainingMs: number,
    deadlineMs: number,
  ) {
    this.timer = setTimeout(() => this.signal.cancel(deadlineExceeded(deadlineMs)), Math.max(1, Math.round(remainingMs)));
    client.once("abort", this.onClientGone);
  }

  /** The attempt has its answer: the deadline no longer applies (the client leaving still does). */
  committed(): void {
    clearTimeout(this.timer);
  }

  /** The attempt failed: nothing of it is left running. */
  dispose(): void {
    clearTimeout(this.timer);
    this.client.off("abort", this.onClientGone);
  }
}

export function deadlineExceeded(deadlineMs: number): ProxyError {
  return new ProxyError(504, `No upstream answered within the request's deadline (${deadlineMs} ms).`, {
    type: "timeout_error",
    code: "deadline_exceeded",
    recovery: "retry",
  });
}
