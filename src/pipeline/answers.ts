import { sendJson } from "../http/respond.js";
import type { Answer, Candidate, Exchange } from "./types.js";
import { SSE_HEADERS } from "./stream-relay.js";

/** A whole JSON answer (text, or the upstream's bytes); `cacheText` (when given) is kept in the cache once it is sent. */
export function jsonAnswer(text: string | Buffer, cacheText: string | undefined, candidate: Candidate | undefined): Answer {
  return {
    deliver(exchange) {
      sendJson(exchange.res, 200, text, exchange.headers);
      if (cacheText !== undefined && candidate) saveAnswer(exchange, candidate, cacheText);
    },
  };
}

/** A whole event stream, already written out (a replayed cache hit, a JSON upstream answer for a streaming client). */
export function eventStreamAnswer(text: string, cacheText: string | undefined, candidate: Candidate | undefined): Answer {
  return {
    deliver(exchange) {
      exchange.res.writeHead(200, { ...SSE_HEADERS, ...exchange.headers });
      exchange.res.end(text);
      if (cacheText !== undefined && candidate) saveAnswer(exchange, candidate, cacheText);
    },
  };
}

/**
 * Keeps an answer in the cache, in the background. Only an answer from the candidate the cache key
 * was made for: a fallback's answer to the same question is served, not remembered as the primary's.
 */
export function saveAnswer(exchange: Exchange, candidate: Candidate, text: string): void {
  const { cachePlan } = exchange;
  const cache = exchange.app.cache;
  if (!cache || !cachePlan?.write || candidate !== exchange.candidates[0]) return;
  cache.save(cachePlan, text);
}
