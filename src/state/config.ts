import { ConfigError, number, optional, section, string, type Optional } from "../config/validate.js";

/**
 * `state:`: the store for what must outlive a process (spend, virtual keys, usage, the admin
 * API's providers, stored responses). Opened only when something needs it (see needsStateStore).
 */
export interface StateConfig {
  /** `sqlite:PATH` (relative to the config file) or `postgres://…`; undefined: the default file, if a store is needed. */
  url: string | undefined;
  /** How often spend aggregated in memory is written out; a crash loses at most this much. */
  flush_seconds: number;
  /** How often changes other replicas made (virtual keys, providers) are read back, besides the instant notifications. */
  poll_seconds: number;
  /** Encrypts the provider keys stored through the admin API; undefined: the API refuses to store a key. */
  secret: string | undefined;
}

/** A shorter secret is too easy to guess for what it guards (every stored provider key). */
export const MIN_SECRET_LENGTH = 16;

/** `${LLM_PROXY_SECRET:-}` left empty means no secret, so a config can name the variable without requiring it. */
const secretField: Optional<string | undefined> = {
  optional: true,
  validate(value, path) {
    if (value === undefined || value === null || value === "") return undefined;
    const secret = string()(value, path);
    if (secret.length < MIN_SECRET_LENGTH)
      throw new ConfigError(path, `must be at least ${MIN_SECRET_LENGTH} characters (make one with: openssl rand -base64 32)`);
    return secret;
  },
};

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
  secret: secretField,
});

/** A store is needed without a `state.url` of its own when budgets are configured (spend must survive restarts): then the default file. */
export function withDefaultUrl(state: StateConfig, needed: boolean): StateConfig {
  return state.url === undefined && needed ? { ...state, url: DEFAULT_STATE_URL } : state;
}
