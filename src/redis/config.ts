import { number, optional, section, string } from "../config/validate.js";

/**
 * `redis:` at the top of the config: the Redis every replica shares for what must hold across
 * them (rate windows, spend, cooldowns, live admin changes). Absent: each replica keeps those in
 * its own memory.
 */
export interface RedisConfig {
  url: string | undefined;
  /** A command slower than this counts as failed (the caller decides what a failure means). */
  timeout_ms: number;
  /** Prefix of every key, so several deployments can share one Redis. */
  key_prefix: string;
}

export const redisConfig = section({
  url: optional(string({ pattern: /^rediss?:\/\//, patternHint: "must be a redis:// or rediss:// URL" })),
  timeout_ms: optional(number({ min: 1, integer: true }), 250),
  key_prefix: optional(string(), "llm-proxy:"),
});
