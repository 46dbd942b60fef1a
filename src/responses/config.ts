import { byteSize, number, optional, section } from "../config/validate.js";

/** `responses:` at the top of the config: how long and how many responses `store: true` keeps. */
export interface ResponsesConfig {
  /** How long a stored response can be read, and continued with `previous_response_id`. */
  retention_seconds: number;
  /** Bounds of the in-memory store (the least recently used go first). */
  max_entries: number;
  max_bytes: number;
  /**
   * How long an answer waits, at most, for its stored copy to be written to the state store before
   * its last bytes go out; past it the answer is sent anyway and the write goes on.
   */
  store_timeout_ms: number;
}

export const responsesConfig = section({
  // OpenAI keeps stored responses for 30 days.
  retention_seconds: optional(number({ min: 1, integer: true }), 30 * 24 * 3600),
  max_entries: optional(number({ min: 1, integer: true }), 10_000),
  max_bytes: optional(byteSize(), 256 * 1024 * 1024),
  store_timeout_ms: optional(number({ min: 1, integer: true }), 1000),
});
