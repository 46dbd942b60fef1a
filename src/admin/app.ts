import { H3, type H3Event } from "h3";
import type { AppContext } from "../app-context.js";
import { errorResponse } from "../routes/error-response.js";
import { refuseCrossSite } from "./cross-site.js";
import { MasterKeyGate } from "./master-key.js";
import { useKeyRoutes } from "./routes/keys.js";
import { useOllamaRoutes } from "./routes/ollama.js";
import { useProviderRoutes } from "./routes/providers.js";
import { useUsageRoutes } from "./routes/usage.js";
import { WrongKeyThrottle } from "./wrong-key-throttle.js";

/** Answers about providers and keys must not linger in a cache, nor be read as anything but what they say. */
const ADMIN_HEADERS = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

/**
 * The admin API (docs/admin-api.md): every route behind the master key, JSON, errors in OpenAI's
 * shape, no CORS, cross-site requests refused before the key is even looked at.
 */
export function createAdminApp(app: AppContext): H3 {
  const gate = new MasterKeyGate(new WrongKeyThrottle());
  const server = new H3({
    silent: true,
    onError: (error, event) => errorResponse(error, event, app, ADMIN_HEADERS),
  });
  server.use((event) => {
    const { config } = app.snapshot;
    const headers = event.req.headers;
    refuseCrossSite(event.req.method, (name) => headers.get(name), config.admin.allowed_hosts);
    const address = clientAddress(event, config.admin.trust_proxy);
    event.context.adminClient = address;
    event.context.principal = gate.admit(config.auth, (name) => headers.get(name) ?? undefined, address);
    for (const [name, value] of Object.entries(ADMIN_HEADERS)) event.res.headers.set(name, value);
  });
  useProviderRoutes(server, app);
  useKeyRoutes(server, app);
  useOllamaRoutes(server, app);
  useUsageRoutes(server, app);
  return server;
}

/** Who is calling: the peer, or behind a load balancer (admin.trust_proxy) the last hop it added to X-Forwarded-For. */
function clientAddress(event: H3Event, trustProxy: boolean): string {
  const forwarded = trustProxy ? event.req.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() : undefined;
  return forwarded || event.req.ip || "unknown";
}
