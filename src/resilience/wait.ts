import type { Cancellation } from "../upstream/cancellation.js";

/**
 * Waits `ms`, or rejects with the cancellation's reason as soon as the client leaves; either way
 * no timer or listener is left behind.
 */
export function wait(ms: number, cancellation: Cancellation): Promise<void> {
  if (cancellation.aborted) return Promise.reject(cancellation.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancellation.reason);
    };
    const timer = setTimeout(() => {
      cancellation.off("abort", onAbort);
      resolve();
    }, ms);
    cancellation.once("abort", onAbort);
  });
}
