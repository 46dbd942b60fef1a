import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { H3 } from "h3";
import { toNodeHandler } from "h3/node";
import type { AppContext } from "./app-context.js";
import { chatCompletions } from "./chat/spec.js";
import { responses } from "./responses/spec.js";
import { embeddings } from "./embeddings/spec.js";
import { createEndpointHandler, type EndpointHandler } from "./pipeline/pipeline.js";
import { healthRoute, readyRoute } from "./routes/health.js";
import { listModelsRoute, retrieveModelRoute } from "./routes/models.js";
import { metricsRoute } from "./routes/metrics.js";
import { deleteResponseRoute, listInputItemsRoute, retrieveResponseRoute } from "./routes/responses.js";
import { useAuthentication } from "./routes/authenticate.js";
import { errorResponse } from "./routes/error-response.js";
import { createAdminApp } from "./admin/app.js";
import { useConsole } from "./console/route.js";
import { ConsoleAssets } from "./console/assets.js";

/**
 * The node:http listener. `POST /v1/*` endpoints, the hot path, go straight to their pipelines on
 * Node's own request and response; `/admin/` goes to the admin API's own h3 app (its own guard,
 * no CORS); h3 serves every other route. Through h3 v2's Node adapter each response would be
 * wrapped as a Web Response and then ended a second time, for which Node builds an
 * ERR_STREAM_ALREADY_FINISHED error with a stack trace: measured at about half of the proxy's
 * throughput under load (bench/README.md).
 */
export function createRequestListener(app: AppContext): RequestListener {
  const h3 = toNodeHandler(createServerApp(app));
  const admin = toNodeHandler(createAdminApp(app));
  const endpoints = new Map<string, EndpointHandler>([
    ["/v1/chat/completions", createEndpointHandler(app, chatCompletions)],
    ["/v1/responses", createEndpointHandler(app, responses)],
    ["/v1/embeddings", createEndpointHandler(app, embeddings)],
  ]);
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = pathOf(req.url);
    const endpoint = req.method === "POST" ? endpoints.get(path) : undefined;
    if (endpoint) void endpoint(req, res);
    else if (path.startsWith("/admin/") || path === "/admin") void admin(req, res);
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
