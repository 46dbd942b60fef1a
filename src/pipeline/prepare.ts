import type { Candidate, Exchange, Prepared } from "./types.js";

/** The request as a candidate's model takes it, made once per candidate (the cache key and the attempt share it). */
export function preparedFor<Request>(exchange: Exchange<Request>, candidate: Candidate<Request>): Prepared<Request> {
  candidate.prepared ??= exchange.spec.prepare(exchange.request, candidate.target, exchange.snapshot);
  return candidate.prepared;
}
