import { isClusterMessage } from "../cluster/messages.js";
import { type ChangeFeed, type ChangeHandlers, decodeChange, encodeChange } from "./change-feed.js";

/**
 * `--workers N` on a SQLite store without Redis: the workers of one machine tell each other through
 * the primary, which passes each announcement on to the other workers.
 */
export function openClusterFeed(self: string, handlers: ChangeHandlers): ChangeFeed {
  const onMessage = (message: unknown) => {
    if (!isClusterMessage(message) || message.type !== "llm-proxy:state-changed") return;
    const scope = decodeChange(message.text, self);
    if (scope) handlers.changed(scope);
  };
  process.on("message", onMessage);
  return {
    async announce(scope) {
      if (process.connected && process.send) process.send({ type: "llm-proxy:state-changed", text: encodeChange({ from: self, scope }) });
    },
    async close() {
      process.off("message", onMessage);
    },
  };
}
