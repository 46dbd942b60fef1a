import { type Kysely, sql } from "kysely";
import type pg from "pg";
import type { Logger } from "../log.js";
import type { StateTables } from "../state/tables.js";
import { type ChangeFeed, type ChangeHandlers, decodeChange, encodeChange } from "./change-feed.js";

/** The NOTIFY channel every replica of one state database listens on. */
export const STATE_CHANNEL = "llm_proxy_state";
const MAX_RECONNECT_DELAY_MS = 5000;

/**
 * PostgreSQL LISTEN/NOTIFY: the state database itself carries the announcements, so replicas that
 * share it need nothing else. One dedicated connection listens (a pooled one cannot), reconnecting
 * with a growing pause while the server is away; announcements go through the store's pool.
 */
export async function openPostgresFeed(
  url: string,
  db: Kysely<StateTables>,
  self: string,
  handlers: ChangeHandlers,
  logger: Logger,
): Promise<ChangeFeed> {
  const { default: postgres } = await import("pg");
  let client: pg.Client | undefined;
  let closed = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new postgres.Client({ connectionString: url });
    next.on("notification", (message) => {
      const scope = message.payload === undefined ? undefined : decodeChange(message.payload, self);
      if (scope) handlers.changed(scope);
    });
    next.on("error", () => reconnectLater(next));
    next.on("end", () => reconnectLater(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${STATE_CHANNEL}`);
    } catch (error) {
      if (failures === 0)
        logger.warn("cannot listen for state changes on PostgreSQL; retrying (changes are still read periodically)", { error });
      reconnectLater(next);
      return;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    if (failures > 0) {
      logger.info("listening for state changes on PostgreSQL again");
      handlers.resumed();
    }
    failures = 0;
  };

  const reconnectLater = (broken: pg.Client) => {
    if (closed || (client !== undefined && client !== broken) || retry) return;
    client = undefined;
    broken.end().catch(() => {});
    failures++;
    retry = setTimeout(
      () => {
        retry = undefined;
        void connect();
      },
      Math.min(250 * 2 ** failures, MAX_RECONNECT_DELAY_MS),
    );
    retry.unref();
  };

  await connect();
  return {
    async announce(scope) {
      try {
        await sql`select pg_notify(${STATE_CHANNEL}, ${encodeChange({ from: self, scope })})`.execute(db);
      } catch (error) {
        logger.warn("could not announce a state change on PostgreSQL; other replicas see it at their next periodic read", { error });
      }
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
