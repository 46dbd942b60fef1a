import type { Logger } from "../log.js";
import type { CacheConfig } from "./config.js";
import { MemoryStore } from "./memory-store.js";
import { RedisStore } from "./redis-store.js";
import type { CacheStore } from "./store.js";

/** What the cache does for one request. */
export interface CachePlan {
  key: string;
  /** Look the answer up (`Cache-Control: no-cache` skips this). */
  read: boolean;
  /** Keep a clean answer (`Cache-Control: no-store` skips this). */
  write: boolean;
}

export type CacheLookup = { status: "hit"; text: string } | { status: "miss" } | { status: "unavailable" };

export type CacheFailureListener = (store: CacheStore["name"], operation: "get" | "set") => void;

/**
 * The exact-match response cache. Answers are kept as the JSON completion a non-streaming client
 * would receive; streams are stored once they finished cleanly and replayed as chunks. A store
 * that fails never fails a request: the request is served uncached, the failure is counted, and
 * it is logged once per outage.
 */
export class ResponseCache {
  private readonly ttlMs: number;
  private healthy = true;
  private readonly saving = new Set<Promise<void>>();

  constructor(
    private readonly config: CacheConfig,
    readonly store: CacheStore,
    private readonly logger: Logger,
    private readonly onFailure: CacheFailureListener,
  ) {
    this.ttlMs = config.ttl_seconds * 1000;
  }

  get mode(): CacheConfig["mode"] {
    return this.config.mode;
  }

  /** The plan for an eligible request, or undefined when `Cache-Control` skips both reading and writing. */
  plan(key: () => string, cacheControl: string | undefined): CachePlan | undefined {
    let read = true;
    let write = true;
    if (cacheControl) {
      for (const directive of cacheControl.toLowerCase().split(",")) {
        const name = directive.trim();
        if (name === "no-cache") read = false;
        else if (name === "no-store") write = false;
      }
    }
    if (!read && !write) return undefined;
    return { key: key(), read, write };
  }

  async lookup(plan: CachePlan): Promise<CacheLookup> {
    try {
      const text = await this.store.get(plan.key);
      this.recovered();
      return text === undefined ? { status: "miss" } : { status: "hit", text };
    } catch (error) {
      this.failed("get", error);
      return { status: "unavailable" };
    }
  }

  /** Stores an answer in the background; the response never waits for it. */
  save(plan: CachePlan, text: string): void {
    const saving = this.store.set(plan.key, text, this.ttlMs).then(
      () => this.recovered(),
      (error: unknown) => this.failed("set", error),
    );
    this.saving.add(saving);
    void saving.finally(() => this.saving.delete(saving));
  }

  /** Resolves once every answer handed to `save` so far is stored (or failed to be). */
  async settled(): Promise<void> {
    await Promise.all(this.saving);
  }

  async close(): Promise<void> {
    await this.settled();
    await this.store.close();
  }

  private failed(operation: "get" | "set", error: unknown): void {
    this.onFailure(this.store.name, operation);
    if (!this.healthy) return;
    this.healthy = false;
    this.logger.warn("response cache unavailable; serving requests uncached", { store: this.store.name, operation, error });
  }

  private recovered(): void {
    if (this.healthy) return;
    this.healthy = true;
    this.logger.info("response cache available again", { store: this.store.name });
  }
}

export function createResponseCache(config: CacheConfig, logger: Logger, onFailure: CacheFailureListener): ResponseCache | undefined {
  if (config.mode === "off") return undefined;
  const store: CacheStore =
    config.store === "redis"
      ? new RedisStore({ url: config.redis_url!, timeoutMs: config.redis_timeout_ms, keyPrefix: config.key_prefix })
      : new MemoryStore({ maxEntries: config.max_entries, maxBytes: config.max_bytes });
  return new ResponseCache(config, store, logger, onFailure);
}
