import type { HTTPError, H3Event } from "h3";
import type { AppContext } from "../app-context.js";
import { ProxyError, toProxyError } from "../errors.js";

/** Any error h3 sees (ours, a routing miss, a bug) leaves as OpenAI's error shape, without internals. */
export function errorResponse(error: HTTPError, event: H3Event, app: AppContext, extraHeaders?: Record<string, string>): Response {
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
    headers: { "content-type": "application/json", ...extraHeaders, ...failure.headers },
  });
}
