import { ProxyError } from "../errors.js";
import { attemptCandidate } from "./attempt.js";
import { EarlyStreamFailure } from "./early-stream-failure.js";
import type { Exchange } from "./types.js";

/**
 * The attempt loop: each candidate in the plan's order until one answers. A failure whose
 * recovery allows it moves on (nothing of it has reached the client); the last failure is the
 * client's answer. A client that leaves stops the loop at once.
 */
export async function runAttempts<Request>(exchange: Exchange<Request>): Promise<void> {
  const { candidates, cancellation } = exchange;
  for (let index = 0; index < candidates.length; index++) {
    const last = index === candidates.length - 1;
    try {
      exchange.answer = await attemptCandidate(exchange, candidates[index]!);
      return;
    } catch (error) {
      if (cancellation.aborted) throw error;
      if (error instanceof EarlyStreamFailure) {
        if (!last) continue;
        exchange.answer = error.answer;
        return;
      }
      if (last || !(error instanceof ProxyError) || error.recovery === "none") throw error;
    }
  }
}
