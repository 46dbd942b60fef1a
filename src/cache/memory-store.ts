import { LRUCache } from "lru-cache";
import type { CacheStore } from "./store.js";

/** The embedded store: one process's LRU, bounded by entry count and by bytes, entries expire. */
export class MemoryStore implements CacheStore {
  readonly name = "memory";
  private readonly entries: LRUCache<string, string>;

  constructor(options: { maxEntries: number; maxBytes: number }) {
    this.entries = new LRUCache<string, string>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (value, key) => Buffer.byteLength(value) + key.length,
    });
  }

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, value, { ttl: ttlMs });
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
