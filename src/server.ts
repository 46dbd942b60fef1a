import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { H3, type HTTPError, type H3Event } from "h3";
import { toNodeHandler } from "h3/node";
import type { AppContext } from "./app-context.js";
import { chatCompletions } from "./chat/spec.js";
import { responses } from "./responses/spec.js";
import { embeddings } from "./embeddings/spec.js";
import { createEndpointHandler, type EndpointHandler } from "./pipeline/pipeline.js";
import { ProxyError, toProxyError } from "./errors.js";
import { healthRoute, readyRoute } from "./routes/health.js";
import { listModelsRoute, retrieveModelRoute } from "./routes/models.js";
import { metricsRoute } from "./routes/metrics.js";
import { deleteResponseRoute, listInputItemsRoute, retrieveResponseRoute } from "./routes/responses.js";
import { useAuthentication } from "./routes/authenticate.js";
import { useConsole } from "./console/route.js";
import { ConsoleAssets } from "./console/assets.js";

/**
 * The node:http listener. `POST /v1/*` endpoints, the hot path, go straight to their pipelines on
 * Node's own request and response; h3 serves every other route. Through h3 v2's Node adapter each
 * response would be wrapped as a Web Response and then ended a second time, for which Node builds
 * an ERR_STREAM_ALREADY_FINISHED error with a stack trace: measured at about half of the proxy's
 * throughput under load (bench/README.md).
 */
export function createRequestListener(app: AppContext): RequestListener {
  const h3 = toNodeHandler(createServerApp(app));
  const endpoints = new Map<string, EndpointHandler>([
    ["/v1/chat/completions", createEndpointHandler(app, chatCompletions)],
    ["/v1/responses", createEndpointHandler(app, responses)],
    ["/v1/embeddings", createEndpointHandler(app, embeddings)],
  ]);
  return (req: IncomingMessage, res: ServerResponse) => {
    const endpoint = req.method === "POST" ? endpoints.get(pathOf(req.url)) : undefined;
    if (endpoint) void endpoint(req, res);
    else void h3(req, res);
  };
}

/** The path of a request target, without its query. */
function pathOf(url: string | undefined): string {
  if (!url) return "";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/** Every route but the `POST /v1/*` endpoints: models, stored responses, health, and one error format. No business logic. */
export function createServerApp(app: AppContext): H3 {
  const server = new H3({
    // Errors are logged once, by errorResponse, without stacks in responses.
    silent: true,
    onError: (error, event) => errorResponse(error, event, app),
  });
  useAuthentication(server, app);
  server.get("/v1/models", listModelsRoute(app));
  server.get("/v1/models/**:model", retrieveModelRoute(app));
  server.get("/v1/responses/:id", retrieveResponseRoute(app));
  server.get("/v1/responses/:id/input_items", listInputItemsRoute(app));
  server.delete("/v1/responses/:id", deleteResponseRoute(app));
  server.get("/healthz", healthRoute);
  server.get("/readyz", readyRoute(app));
  if (app.metrics) server.get("/metrics", metricsRoute(app.metrics));
  useConsole(server, ConsoleAssets.load());
  return server;
}

/** Any error h3 sees (ours, a routing miss, a bug) leaves as OpenAI's error shape, without internals. */
function errorResponse(error: HTTPError, event: H3Event, app: AppContext): Response {
  const cause = error.cause;
  let failure: ProxyError;
  if (cause instanceof ProxyError) failure = cause;
  else if (error.status === 404 && !error.unhandled) {
    failure = new ProxyError(404, `Unknown request URL: ${event.req.method} ${event.url.pathname}.`, {
      type: "invalid_request_error",
      code: "unknown_url",
    });
  } else if (error.status === 405) {
    failure = new ProxyError(405, `Method ${event.req.method} is not allowed for ${event.url.pathname}.`, {
      type: "invalid_request_error",
      code: "method_not_allowed",
    });
  } else if (!error.unhandled && error.status >= 400 && error.status < 500) {
    failure = new ProxyError(error.status, error.message, { type: "invalid_request_error" });
  } else {
    app.logger.error("request failed unexpectedly", { error: cause ?? error, path: event.url.pathname });
    failure = toProxyError(cause);
  }
  return new Response(JSON.stringify(failure.toBody()), {
    status: failure.status,
    headers: { "content-type": "application/json", ...failure.headers },
  });
}
