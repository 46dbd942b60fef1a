import type { StreamEnd, StreamRelay } from "../pipeline/stream-relay.js";
import type { Exchange } from "../pipeline/types.js";
import type { ResponsesCall } from "./call.js";

/**
 * Delivers a relayed stream from its commit point and notes its time to first output. Resolves
 * with how it ended, or undefined when the client left (status 499: nothing more to account).
 */
export async function deliverStream(
  relay: StreamRelay,
  x: Exchange,
): Promise<{ exchange: Exchange<ResponsesCall>; end: StreamEnd } | undefined> {
  const exchange = x as Exchange<ResponsesCall>;
  const end = await relay.deliver(exchange.res, exchange.headers);
  const { outcome } = exchange;
  if (relay.firstOutputAt !== undefined) outcome.timeToFirstTokenSeconds = (relay.firstOutputAt - exchange.startedAt) / 1000;
  if (end.clientGone) {
    outcome.status = 499;
    return undefined;
  }
  return { exchange, end };
}
