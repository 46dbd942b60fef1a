import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "../app-context.js";
import { Cancellation } from "../upstream/cancellation.js";
import { newOutcome } from "./outcome.js";
import type { EndpointSpec, Exchange } from "./types.js";

export function newExchange<Request>(
  req: IncomingMessage,
  res: ServerResponse,
  app: AppContext,
  spec: EndpointSpec<Request>,
): Exchange<Request> {
  const snapshot = app.snapshot;
  return {
    req,
    res,
    app,
    spec,
    snapshot,
    startedAt: performance.now(),
    cancellation: new Cancellation(),
    request: undefined as Request,
    stream: false,
    principal: undefined,
    admission: undefined,
    candidates: [],
    retry: snapshot.config.retry,
    cachePlan: undefined,
    answer: undefined,
    headers: {},
    outcome: newOutcome(spec.name),
  };
}
