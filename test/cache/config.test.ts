import { describe, expect, it } from "vitest";
import { configError, loadConfig } from "../helpers/config.js";

describe("cache and redis config", () => {
  it("gives a redis store without a url of its own the shared redis.url", () => {
    const parsed = loadConfig('cache: { mode: all, store: redis }\nredis: { url: "redis://127.0.0.1:6390", key_prefix: "t:" }\n');
    expect(parsed.cache.redis_url).toBe("redis://127.0.0.1:6390");
    expect(parsed.redis).toEqual({ url: "redis://127.0.0.1:6390", timeout_ms: 250, key_prefix: "t:" });
  });

  it("keeps a store's own url, and needs one of the two", () => {
    const parsed = loadConfig(
      'cache: { mode: all, store: redis, redis_url: "redis://cache:6379" }\nredis: { url: "redis://shared:6379" }\n',
    );
    expect(parsed.cache.redis_url).toBe("redis://cache:6379");
    expect(configError("cache: { mode: all, store: redis }\n").message).toBe(
      "cache.redis_url: is required when store is redis (or set redis.url)",
    );
  });

  it("refuses a redis.url that is not a redis URL", () => {
    expect(configError('redis: { url: "http://x" }\n').message).toBe("redis.url: must be a redis:// or rediss:// URL");
  });
});
