import { EventEmitter } from "node:events";

/**
 * Cancels an upstream call when the client goes away. undici takes an EventEmitter with an
 * `aborted` flag as its signal; one of these per request costs a fraction of an AbortController,
 * whose EventTarget machinery showed in profiles of the hot path.
 */
export class Cancellation extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  cancel(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit("abort");
  }
}
