import { byteSize, ConfigError, number, oneOf, optional, section, string, type Optional } from "../config/validate.js";

export interface CacheConfig {
  /** off: no cache; deterministic: only `temperature: 0` or `seed` requests; all: every request. */
  mode: "off" | "deterministic" | "all";
  ttl_seconds: number;
  store: "memory" | "redis";
  redis_url: string | undefined;
  /** A Redis command slower than this counts as a failure and the request goes on uncached. */
  redis_timeout_ms: number;
  /** Prefix of every Redis key, so several deployments can share one Redis. */
  key_prefix: string;
  /** Memory store bounds. */
  max_entries: number;
  max_bytes: number;
}

const cacheShape = section({
  mode: optional(oneOf("off", "deterministic", "all"), "off"),
  ttl_seconds: optional(number({ min: 1 }), 3600),
  store: optional(oneOf("memory", "redis"), "memory"),
  redis_url: optional(string({ pattern: /^rediss?:\/\//, patternHint: "must be a redis:// or rediss:// URL" })),
  redis_timeout_ms: optional(number({ min: 1, integer: true }), 250),
  key_prefix: optional(string(), "llm-proxy:cache:"),
  max_entries: optional(number({ min: 1, integer: true }), 10_000),
  max_bytes: optional(byteSize(), 256 * 1024 * 1024),
});

/** `cache:` at the top of the config. */
export const cacheConfig: Optional<CacheConfig> = cacheShape;

/** A Redis store without a URL of its own uses the shared `redis.url`; with neither, the config is refused. */
export function withRedisUrl(config: CacheConfig, sharedUrl: string | undefined): CacheConfig {
  if (config.mode === "off" || config.store !== "redis" || config.redis_url) return config;
  if (!sharedUrl) throw new ConfigError("cache.redis_url", "is required when store is redis (or set redis.url)");
  return { ...config, redis_url: sharedUrl };
}
