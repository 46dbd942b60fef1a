import type { H3Event } from "h3";
import type { Logger } from "../log.js";

declare module "h3" {
  interface H3EventContext {
    /** The client address the admin API saw (the last X-Forwarded-For hop with admin.trust_proxy). */
    adminClient?: string;
  }
}

/**
 * One log line per change made through the admin API: what, to what, by which key, from where.
 * `fields` are the names of the fields a change set, never their values (a key may be one).
 */
export function audit(logger: Logger, event: H3Event, action: string, target: string, fields?: string[]): void {
  logger.info("admin change", {
    action,
    target,
    key: event.context.principal?.name,
    client: event.context.adminClient,
    ...(fields ? { fields } : {}),
  });
}
