import { costOf, tokenCounts } from "../metrics/cost.js";
import type { Exchange } from "./types.js";

/**
 * Account: the request's usage becomes tokens and dollars once, here; the admission's reservations
 * (rate limits, budget) are settled to that figure, and every observer (metrics, later logs) reads
 * it. An answer without usage has its tokens counted with js-tiktoken first (the one case that
 * waits: for the tokenizer, off the request's path). Runs after the response is finished, so the
 * client never waits for it.
 */
export function account<Request>(exchange: Exchange<Request>): void {
  const { outcome, app } = exchange;
  outcome.durationSeconds = (performance.now() - exchange.startedAt) / 1000;
  if (app.observers.length === 0 && !exchange.admission) return;
  if (!outcome.usage && outcome.outputText !== undefined && outcome.request !== undefined && outcome.model !== undefined) {
    exchange.spec.estimateUsage(outcome.request as Request, outcome.model, outcome.outputText).then(
      (usage) => {
        outcome.usage = usage;
        outcome.estimated = true;
        settle(exchange);
      },
      (error: unknown) => {
        app.logger.once("warn", "token-estimation", "could not estimate tokens", { error });
        settle(exchange);
      },
    );
    return;
  }
  settle(exchange);
}

/** Tokens and dollars from the usage (when there is any), then every observer. */
function settle<Request>(exchange: Exchange<Request>): void {
  const { outcome, app } = exchange;
  if (outcome.usage && outcome.provider !== undefined && outcome.model !== undefined) {
    outcome.tokens = tokenCounts(outcome.usage);
    const price = exchange.snapshot.prices.priceOf(outcome.provider, outcome.model);
    outcome.costUsd = price ? costOf(outcome.tokens, price) : undefined;
  }
  try {
    exchange.admission?.settle(outcome);
  } catch (error) {
    app.logger.error("settling a request's reservations failed", { error });
  }
  for (const observe of app.observers) {
    try {
      observe(outcome);
    } catch (error) {
      app.logger.error("an outcome observer failed", { error });
    }
  }
}
