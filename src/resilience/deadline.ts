import { ProxyError } from "../errors.js";
import { Cancellation } from "../upstream/cancellation.js";

/** How one attempt is bounded: the signal its upstream call takes, and the longest wait for response headers. */
export interface AttemptBounds {
  signal: Cancellation;
  /** Caps the provider's first_byte_ms when the request's deadline is nearer. */
  firstByteMs: number;
}

/**
 * The bounds of an attempt made after a failure: its call is aborted when the client leaves, or
 * when the request's deadline passes before the attempt reached its commit point. Only the
 * attempts after a failure pay for this timer; the first one is bounded by its timeouts alone.
 */
export class DeadlineBounds implements AttemptBounds {
  readonly signal = new Cancellation();
  readonly firstByteMs: number;
  private readonly timer: NodeJS.Timeout;
  private readonly onClientGone = () => this.signal.cancel(this.client.reason);

  constructor(
    private readonly client: Cancellation,
    remainingMs: number,
    deadlineMs: number,
  ) {
    this.firstByteMs = Math.max(1, Math.round(remainingMs));
    this.timer = setTimeout(() => this.signal.cancel(deadlineExceeded(deadlineMs)), this.firstByteMs);
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
