import type { Answer, Exchange } from "../pipeline/types.js";
import { storedInputItems } from "./input-items.js";
import type { Response } from "./types.js";
import type { ResponsesCall } from "./call.js";

/**
 * Stores a response the client is given, unless it asked `store: false` (then: undefined, and the
 * request pays nothing). The promise resolves once the response is stored, so that a follow-up
 * sent to any replica finds it, or once `responses.store_timeout_ms` has passed; it never rejects:
 * a store that fails or stalls is logged, never the request's failure. `keptBy`: the provider that
 * stored it too (a native answer with `store` on).
 */
export function keepResponse(exchange: Exchange<ResponsesCall>, response: Response, keptBy: string | undefined): Promise<void> | undefined {
  const call = exchange.request;
  // A background response (passed through) is the upstream's to run: only its own GET shows how it went.
  if (call.body.store === false || call.body.background === true) return undefined;
  const { app } = exchange;
  const now = Math.floor(Date.now() / 1000);
  const stored = app.responseStore
    .put({
      id: response.id,
      owner: call.owner,
      createdAt: typeof response.created_at === "number" ? response.created_at : now,
      // Rounded up: a response is kept at least the whole retention, never a moment less.
      expiresAt: Math.ceil(Date.now() / 1000) + exchange.snapshot.config.responses.retention_seconds,
      keptBy,
      previousResponseId: call.body.previous_response_id ?? undefined,
      inputItems: storedInputItems(call),
      response,
    })
    .catch((error: unknown) => app.logger.once("warn", "response-store", "could not store a response", { error }));
  return within(stored, exchange.snapshot.config.responses.store_timeout_ms, () =>
    app.logger.once(
      "warn",
      "response-store-slow",
      "storing a response takes longer than responses.store_timeout_ms; answers go out without waiting for it",
      {
        store_timeout_ms: exchange.snapshot.config.responses.store_timeout_ms,
      },
    ),
  );
}

/** Delivers an answer once the response it carries is stored (see keepResponse). */
export function keeping(answer: Answer, response: Response, keptBy: string | undefined): Answer {
  return {
    deliver(exchange) {
      const kept = keepResponse(exchange as Exchange<ResponsesCall>, response, keptBy);
      return kept ? kept.then(() => answer.deliver(exchange)) : answer.deliver(exchange);
    },
  };
}

/** `work`, or the end of `ms` if that comes first (then `late` is called; the work goes on). */
function within(work: Promise<void>, ms: number, late: () => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      late();
      resolve();
    }, ms);
    void work.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
