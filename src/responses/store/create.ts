import type { Config } from "../../config/schema.js";
import type { Logger } from "../../log.js";
import type { StateStore } from "../../state/store.js";
import { StoredResponses } from "../../state/stored-responses.js";
import { MemoryResponseStore } from "./memory-store.js";
import { StateResponseStore } from "./state-store.js";
import type { ResponseStore } from "./types.js";

/** How often the state store's expired responses are deleted (reads skip them meanwhile). */
const SWEEP_EVERY_MS = 60_000;

/** The state store's responses when the proxy has a state store; this process's memory otherwise. */
export function createResponseStore(config: Config, state: StateStore | undefined, logger: Logger): ResponseStore {
  if (state) return new StateResponseStore(new StoredResponses(state.db, state.dialect), { logger, sweepEveryMs: SWEEP_EVERY_MS });
  return new MemoryResponseStore({ maxEntries: config.responses.max_entries, maxBytes: config.responses.max_bytes });
}
