import { number, optional, section, string } from "../config/validate.js";

/**
 * `state:`: the store for what must outlive a process (spend, virtual keys, stored responses;
 * later admin-made providers). Opened only when something needs it (see needsStateStore).
 */
export interface StateConfig {
  /** `sqlite:PATH` (relative to the config file) or `postgres://…`; undefined: the default file, if a store is needed. */
  url: string | undefined;
  /** How often spend aggregated in memory is written out; a crash loses at most this much. */
  flush_seconds: number;
  /** How often changes other replicas made (virtual keys) are read back. */
  poll_seconds: number;
}

export const DEFAULT_STATE_URL = "sqlite:./data/llm-proxy.db";

export const stateConfig = section({
  url: optional(
    string({
      pattern: /^(sqlite:.+|postgres(ql)?:\/\/.+)$/,
      patternHint: "must be sqlite:PATH or a postgres:// URL",
    }),
  ),
  flush_seconds: optional(number({ min: 0.1 }), 5),
  poll_seconds: optional(number({ min: 0.1 }), 10),
});

/** A store is needed without a `state.url` of its own when budgets are configured (spend must survive restarts): then the default file. */
export function withDefaultUrl(state: StateConfig, needed: boolean): StateConfig {
  return state.url === undefined && needed ? { ...state, url: DEFAULT_STATE_URL } : state;
}
