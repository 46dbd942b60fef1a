import type { IncomingMessage, ServerResponse } from "node:http";
import { ProxyError } from "../errors.js";

/** Of a refused body, twice the limit is read and dropped, and never less than this. */
const MIN_DRAIN_BYTES = 8 * 1024 * 1024;
/** How long a refused body has to arrive in full. */
const DRAIN_MS = 5_000;

/**
 * The 413 for a body over `limit` bytes. The rest of the body is read and dropped from here on,
 * so that a client still sending it can finish and read the answer: a connection closed with
 * unread bytes is reset, which drops whatever of the answer has not left yet, and a client still
 * sending gets a write error (EPIPE) instead of the 413; the openai SDK then reports a connection
 * error and retries. A body that goes on past twice the limit (8 MiB at least), or for longer
 * than 5 s, has its connection cut instead.
 */
export function refuseBody(req: IncomingMessage, limit: number): ProxyError {
  drain(req, Math.max(2 * limit, MIN_DRAIN_BYTES));
  return new ProxyError(413, `Request body too large: the limit is ${limit} bytes.`, {
    type: "invalid_request_error",
    code: "request_too_large",
  });
}

/** Ends the 413's response once the refused body has arrived; `refuseBody` cuts the connection if it never does. */
export function endWhenBodyArrived(res: ServerResponse): void {
  if (res.req.readableEnded) res.end();
  else res.req.once("end", () => res.end());
}

function drain(req: IncomingMessage, maxBytes: number): void {
  let drained = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, DRAIN_MS).unref();
  const onData = (part: Buffer) => {
    drained += part.length;
    if (drained > maxBytes) cut();
  };
  req.on("data", onData);
  req.once("close", () => {
    clearTimeout(timer);
    req.off("data", onData);
  });
  req.resume();
}
