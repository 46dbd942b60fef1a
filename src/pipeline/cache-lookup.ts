import type { ResponseCache } from "../cache/response-cache.js";
import type { Exchange } from "./types.js";
import { preparedFor } from "./prepare.js";

const CACHE_HEADER = "x-llm-proxy-cache";

/**
 * Cache: an answer kept for the same question to the first candidate is the answer (HIT); otherwise
 * the plan says whether the answer will be kept (MISS) or the cache stays out (BYPASS). A store that
 * fails is a BYPASS, never a failed request.
 */
export async function lookUpCache<Request>(exchange: Exchange<Request>, cache: ResponseCache): Promise<void> {
  const endpoint = exchange.spec.cache!;
  const first = exchange.candidates[0]!;
  const { request } = preparedFor(exchange, first);
  const { provider, upstreamModel } = first.target;
  const plan = endpoint.eligible(request, cache.mode)
    ? cache.plan(() => endpoint.key(request, provider.name, upstreamModel), exchange.req.headers["cache-control"])
    : undefined;
  exchange.cachePlan = plan;
  if (plan?.read) {
    const found = await cache.lookup(plan);
    if (found.status === "hit") {
      const answer = endpoint.answer(found.text, exchange);
      if (answer) {
        exchange.outcome.cache = "hit";
        exchange.headers[CACHE_HEADER] = "HIT";
        exchange.headers["x-llm-proxy-provider"] = provider.name;
        exchange.answer = answer;
        return;
      }
    }
    if (found.status !== "unavailable") exchange.outcome.cache = "miss";
  }
  exchange.headers[CACHE_HEADER] = exchange.outcome.cache === "miss" ? "MISS" : "BYPASS";
}
