import type { H3 } from "h3";
import type { Principal } from "../access/principal.js";
import type { AppContext } from "../app-context.js";

declare module "h3" {
  interface H3EventContext {
    /** Who is asking; set for every route that needs a key (absent when the proxy is open). */
    principal?: Principal;
  }
}

/** Load balancers and Prometheus call these without a key; /metrics asks for one with `auth.protect_metrics`. */
const OPEN_PATHS = new Set(["/healthz", "/readyz"]);

/** The web console's files hold no secret (a browser cannot send a key for a page); what it shows comes from `/admin/`, which asks for the master key. */
function isConsolePath(path: string): boolean {
  return path === "/ui" || path.startsWith("/ui/");
}

/**
 * The h3 routes (models, and every other path but the health checks) authenticate with the
 * pipeline's own authenticator: one set of keys, one answer for a bad one. No middleware when the
 * proxy is open.
 */
export function useAuthentication(server: H3, app: AppContext): void {
  const startAuth = app.snapshot.config.auth;
  const authenticator = app.access?.authenticator;
  if (!startAuth || !authenticator) return;
  server.use((event) => {
    const path = event.url.pathname;
    const auth = app.snapshot.config.auth ?? startAuth;
    if (OPEN_PATHS.has(path) || isConsolePath(path) || (path === "/metrics" && !auth.protect_metrics)) return;
    const headers = event.req.headers;
    event.context.principal = authenticator.authenticate(auth, (name) => headers.get(name) ?? undefined);
  });
}
