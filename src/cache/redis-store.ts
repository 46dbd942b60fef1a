import { RedisConnection } from "../redis/connection.js";
import type { CacheStore } from "./store.js";

export interface RedisStoreOptions {
  url: string;
  /** Longest wait for one command; a slower Redis counts as failing. */
  timeoutMs: number;
  keyPrefix: string;
}

/**
 * The store shared by every replica. Commands never queue while Redis is unreachable: they fail
 * at once (or after `timeoutMs` when Redis is slow), and the caller serves the request uncached.
 */
export class RedisStore implements CacheStore {
  readonly name = "redis";
  private readonly redis: RedisConnection;

  constructor(options: RedisStoreOptions) {
    this.redis = new RedisConnection(options);
  }

  async get(key: string): Promise<string | undefined> {
    await this.redis.connected();
    return (await this.redis.client.get(this.redis.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.connected();
    await this.redis.client.set(this.redis.prefix + key, value, "PX", Math.max(1, Math.round(ttlMs)));
  }

  ping(): Promise<boolean> {
    return this.redis.ping();
  }

  async close(): Promise<void> {
    this.redis.close();
  }
}
