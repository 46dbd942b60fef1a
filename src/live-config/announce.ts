import { sql } from "kysely";
import type { StateStore } from "../state/store.js";
import { type ChangeMessage, encodeChange } from "./change-feed.js";

/** The NOTIFY channel every replica of one state database listens on. */
export const STATE_CHANNEL = "llm_proxy_state";

/**
 * Tells the replicas listening on a PostgreSQL state store that it changed (a no-op on SQLite,
 * whose replicas re-read it periodically). Throws when the notification cannot be sent.
 */
export async function notifyReplicas(store: StateStore, message: ChangeMessage): Promise<void> {
  if (store.dialect !== "postgres") return;
  await sql`select pg_notify(${STATE_CHANNEL}, ${encodeChange(message)})`.execute(store.db);
}
