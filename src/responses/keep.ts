import type { Answer, Exchange } from "../pipeline/types.js";
import { storedInputItems } from "./input-items.js";
import type { Response } from "./types.js";
import type { ResponsesCall } from "./call.js";

/**
 * Stores a response the client was given (unless it asked `store: false`), asynchronously: the
 * client never waits for the store, and a store that fails is logged, never the request's failure.
 * `keptBy`: the provider that stored it too (a native answer with `store` on).
 */
export function keepResponse(exchange: Exchange<ResponsesCall>, response: Response, keptBy: string | undefined): void {
  const call = exchange.request;
  // A background response (passed through) is the upstream's to run: only its own GET shows how it went.
  if (call.body.store === false || call.body.background === true) return;
  const { app } = exchange;
  const now = Math.floor(Date.now() / 1000);
  app.responseStore
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
}

/** Delivers an answer, then stores the response it carried. */
export function keeping(answer: Answer, response: Response, keptBy: string | undefined): Answer {
  return {
    deliver(exchange) {
      const delivering = answer.deliver(exchange);
      keepResponse(exchange as Exchange<ResponsesCall>, response, keptBy);
      return delivering;
    },
  };
}
