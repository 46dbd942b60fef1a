import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import type { CacheStore } from "./store.js";

export interface RedisStoreOptions {
  url: string;
  /** Longest wait for one command; a slower Redis counts as failing. */
  timeoutMs: number;
  keyPrefix: string;
}

/** The longest pause between reconnection attempts while Redis is away. */
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * The store shared by every replica. Commands never queue while Redis is unreachable: they fail
 * at once (or after `timeoutMs` when Redis is slow), and the caller serves the request uncached.
 * Reconnection goes on in the background.
 */
export class RedisStore implements CacheStore {
  readonly name = "redis";
  private readonly client: Redis;
  private readonly prefix: string;
  /** Settles once the first connection attempt has succeeded or failed. */
  private readonly firstAttempt: Promise<void>;
  private readonly connectTimeoutMs: number;
  private waitedForFirstConnection = false;

  constructor(options: RedisStoreOptions) {
    this.prefix = options.keyPrefix;
    this.connectTimeoutMs = Math.max(options.timeoutMs, 1000);
    this.client = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.timeoutMs,
      connectTimeout: this.connectTimeoutMs,
      retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    });
    // Connection errors are reported through the commands that fail; without a listener
    // ioredis would print each one.
    this.client.on("error", () => {});
    this.firstAttempt = new Promise((resolve) => {
      const settle = () => {
        this.client.off("ready", settle);
        this.client.off("error", settle);
        this.client.off("end", settle);
        resolve();
      };
      this.client.once("ready", settle);
      this.client.once("error", settle);
      this.client.once("end", settle);
    });
  }

  async get(key: string): Promise<string | undefined> {
    await this.connected();
    return (await this.client.get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.connected();
    await this.client.set(this.prefix + key, value, "PX", Math.max(1, Math.round(ttlMs)));
  }

  async ping(): Promise<boolean> {
    await this.connected();
    return (await this.client.ping()) === "PONG";
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }

  /** Right after start the first connection may still be under way: wait for it, once and briefly. */
  private async connected(): Promise<void> {
    if (this.ready()) return;
    if (!this.waitedForFirstConnection) {
      await Promise.race([this.firstAttempt, sleep(this.connectTimeoutMs, undefined, { ref: false })]);
      this.waitedForFirstConnection = true;
    }
    if (!this.ready()) throw new Error(`Redis is not connected (${this.client.status})`);
  }

  private ready(): boolean {
    return this.client.status === "ready";
  }
}
