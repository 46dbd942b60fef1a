import type { Logger } from "../log.js";
import type { RedisConnection } from "../redis/connection.js";
import { type ChangeFeed, type ChangeHandlers, decodeChange, encodeChange } from "./change-feed.js";

/**
 * Redis pub/sub on the Redis the replicas share (`redis.url`), for a state store that cannot
 * carry announcements itself (SQLite). The subscriber is a connection of its own, as Redis
 * requires; ioredis subscribes again after every reconnect, and a reconnect re-reads everything,
 * since messages published meanwhile are lost.
 */
export function openRedisFeed(redis: RedisConnection, self: string, handlers: ChangeHandlers, logger: Logger): ChangeFeed {
  const channel = `${redis.prefix}state-changes`;
  // Queued until connected, and never timed out: this connection only waits for messages.
  const subscriber = redis.client.duplicate({ enableOfflineQueue: true, commandTimeout: undefined });
  subscriber.on("error", () => {});
  let connectedBefore = false;
  subscriber.on("ready", () => {
    if (connectedBefore) handlers.resumed();
    connectedBefore = true;
  });
  subscriber.on("message", (_channel: string, text: string) => {
    const scope = decodeChange(text, self);
    if (scope) handlers.changed(scope);
  });
  subscriber.subscribe(channel).catch((error: unknown) => logger.warn("cannot subscribe to state changes on Redis", { error }));
  return {
    async announce(scope) {
      try {
        await redis.client.publish(channel, encodeChange({ from: self, scope }));
      } catch (error) {
        logger.warn("could not announce a state change on Redis; other replicas see it at their next periodic read", { error });
      }
    },
    async close() {
      subscriber.disconnect();
    },
  };
}
