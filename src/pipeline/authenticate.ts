import type { AppContext } from "../app-context.js";
import type { Stage } from "./types.js";

/**
 * Authenticate, before the body is read: who is asking (`exchange.principal`; its name on the
 * outcome, for metrics). No stage when the config has no `auth`: the proxy is open. A reload that
 * drops `auth` needs a restart to take effect, so until then the keys the proxy started with still apply.
 */
export function authenticationStage<Request>(app: AppContext): Stage<Request> | undefined {
  const startAuth = app.snapshot.config.auth;
  const authenticator = app.access?.authenticator;
  if (!startAuth || !authenticator) return undefined;
  return (exchange) => {
    const headers = exchange.req.headers;
    const principal = authenticator.authenticate(exchange.snapshot.config.auth ?? startAuth, (name) => {
      const value = headers[name];
      return typeof value === "string" ? value : undefined;
    });
    exchange.principal = principal;
    exchange.outcome.key = principal.name;
    exchange.outcome.keyId = principal.id;
  };
}
