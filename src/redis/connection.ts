import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";

export interface RedisConnectionOptions {
  url: string;
  /** A command slower than this counts as failed (the caller decides what a failure means). */
  timeoutMs: number;
  /** Prepended to every key written through this connection. */
  keyPrefix: string;
}

/** The longest pause between reconnection attempts while Redis is away. */
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * One connection to a Redis that replicas share. Commands never queue while Redis is
 * unreachable: they fail at once (or after `timeoutMs` when Redis is slow), so each feature can
 * fail open or closed as it must and a request never hangs on Redis. Reconnection goes on in the
 * background.
 */
export class RedisConnection {
  readonly client: Redis;
  readonly prefix: string;
  /** Settles once the first connection attempt has succeeded or failed. */
  private readonly firstAttempt: Promise<void>;
  private readonly connectTimeoutMs: number;
  private waitedForFirstConnection = false;

  constructor(options: RedisConnectionOptions) {
    this.prefix = options.keyPrefix;
    this.connectTimeoutMs = Math.max(options.timeoutMs, 1000);
    this.client = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.timeoutMs,
      connectTimeout: this.connectTimeoutMs,
      retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    });
    // Failures reach callers through the commands that fail; without a listener ioredis prints each one.
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

  /**
   * Resolves when commands can be sent; throws when Redis is not connected. Right after start the
   * first connection may still be under way: that is waited for, once and briefly.
   */
  async connected(): Promise<void> {
    if (this.ready()) return;
    if (!this.waitedForFirstConnection) {
      await Promise.race([this.firstAttempt, sleep(this.connectTimeoutMs, undefined, { ref: false })]);
      this.waitedForFirstConnection = true;
    }
    if (!this.ready()) throw new Error(`Redis is not connected (${this.client.status})`);
  }

  /** Whether Redis answers right now (for /readyz). */
  async ping(): Promise<boolean> {
    await this.connected();
    return (await this.client.ping()) === "PONG";
  }

  close(): void {
    this.client.disconnect();
  }

  private ready(): boolean {
    return this.client.status === "ready";
  }
}
