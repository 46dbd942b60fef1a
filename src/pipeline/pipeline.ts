import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "../app-context.js";
import { ProxyError, toProxyError } from "../errors.js";
import { sendError } from "../http/respond.js";
import { account } from "./account.js";
import { admissionStage } from "./admit.js";
import { authenticationStage } from "./authenticate.js";
import { runAttempts } from "./attempts.js";
import { lookUpCache } from "./cache-lookup.js";
import type { EndpointSpec, Exchange, Stage } from "./types.js";
import { newExchange } from "./exchange.js";
import { recordFailure } from "./outcome.js";
import { planCandidates } from "./plan.js";
import { readRequest } from "./read-request.js";

export type EndpointHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * The request pipeline of one endpoint, built once at start: authenticate → read and validate →
 * resolve (what the request refers to, for endpoints that keep state) → admit → plan → cache →
 * attempts, then deliver and account. Stages with nothing to do in this
 * configuration are left out of the list, so they cost nothing. Every failure is answered in
 * OpenAI's error shape; a client that leaves cancels everything still running.
 */
export function createEndpointHandler<Request>(app: AppContext, spec: EndpointSpec<Request>): EndpointHandler {
  const cache = app.cache;
  const stages = [
    authenticationStage<Request>(app),
    readRequest,
    spec.resolve?.bind(spec),
    admissionStage<Request>(app),
    planCandidates,
    cache && spec.cache ? (exchange: Exchange<Request>) => lookUpCache(exchange, cache) : undefined,
    runAttempts,
  ].filter((stage): stage is Stage<Request> => stage !== undefined);

  return async (req, res) => {
    const exchange = newExchange(req, res, app, spec);
    app.inFlightRequests++;
    const onClientClose = () => {
      if (!res.writableFinished) exchange.cancellation.cancel(new ProxyError(499, "The client closed the connection."));
    };
    res.once("close", onClientClose);
    try {
      for (const stage of stages) {
        const running = stage(exchange);
        if (running) await running;
        if (exchange.answer) break;
      }
      // The attempt stage sets an answer or throws, and it is always the last stage.
      const delivering = exchange.answer!.deliver(exchange);
      if (delivering) await delivering;
    } catch (error) {
      answerFailure(exchange, error);
    } finally {
      app.inFlightRequests--;
      res.off("close", onClientClose);
      account(exchange);
    }
  };
}

function answerFailure(exchange: Exchange<unknown>, error: unknown): void {
  const { outcome } = exchange;
  if (exchange.cancellation.aborted) {
    outcome.status = 499;
    return;
  }
  const failure = toProxyError(error);
  recordFailure(outcome, failure, outcome.upstreamError || failure.status === 502 || failure.status === 504);
  if (!(error instanceof ProxyError)) {
    exchange.app.logger.error(`${exchange.spec.name} failed unexpectedly`, { error, provider: outcome.provider });
  }
  sendError(exchange.res, failure, exchange.headers);
}
