import { LRUCache } from "lru-cache";
import type { InputItem } from "../types.js";
import { itemsOf } from "./record-items.js";
import type { ResponseStore, StoredResponse } from "./types.js";

export interface MemoryStoreLimits {
  maxEntries: number;
  maxBytes: number;
}

/** How often, at most, a put sweeps out expired responses. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Stored responses in this process's memory, bounded by count and bytes (the least recently used
 * go first) and by each response's expiry. Lost on restart and not shared by replicas: with a
 * state store the proxy keeps them there instead (state-store.ts).
 */
export class MemoryResponseStore implements ResponseStore {
  private readonly records: LRUCache<string, StoredResponse>;
  /** Item id → the response holding it, for `item_reference`. */
  private readonly itemOwners = new Map<string, string>();
  private lastSweep = 0;

  constructor(limits: MemoryStoreLimits) {
    this.records = new LRUCache<string, StoredResponse>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      sizeCalculation: (record) => Math.max(1, approximateBytes(record)),
      dispose: (record) => this.forgetItems(record),
    });
  }

  async put(record: StoredResponse): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep > SWEEP_EVERY_MS) {
      this.lastSweep = now;
      await this.expire(now / 1000);
    }
    this.records.set(record.id, record);
    if (!this.records.has(record.id)) return; // larger than the whole store: not kept
    for (const item of itemsOf(record)) if (item.id) this.itemOwners.set(item.id, record.id);
  }

  async get(id: string, owner: string | undefined): Promise<StoredResponse | undefined> {
    const record = this.records.get(id);
    if (!record || record.owner !== owner || record.expiresAt * 1000 <= Date.now()) return undefined;
    return record;
  }

  async lineage(id: string, owner: string | undefined): Promise<StoredResponse[] | undefined> {
    const chain: StoredResponse[] = [];
    const seen = new Set<string>();
    for (let next: string | undefined = id; next !== undefined && !seen.has(next); ) {
      seen.add(next);
      const record = await this.get(next, owner);
      if (!record) break;
      chain.push(record);
      next = record.previousResponseId;
    }
    return chain.length === 0 ? undefined : chain.reverse();
  }

  async items(ids: readonly string[], owner: string | undefined): Promise<Map<string, { item: InputItem; record: StoredResponse }>> {
    const found = new Map<string, { item: InputItem; record: StoredResponse }>();
    for (const id of ids) {
      const responseId = this.itemOwners.get(id);
      const record = responseId === undefined ? undefined : await this.get(responseId, owner);
      const item = record && itemsOf(record).find((candidate) => candidate.id === id);
      if (record && item) found.set(id, { item, record });
    }
    return found;
  }

  async delete(id: string, owner: string | undefined): Promise<boolean> {
    if (!(await this.get(id, owner))) return false;
    return this.records.delete(id);
  }

  async expire(now: number): Promise<void> {
    for (const [id, record] of this.records.entries()) if (record.expiresAt <= now) this.records.delete(id);
  }

  async close(): Promise<void> {}

  private forgetItems(record: StoredResponse): void {
    for (const item of itemsOf(record)) if (item.id && this.itemOwners.get(item.id) === record.id) this.itemOwners.delete(item.id);
  }
}

/** Roughly what a record takes in memory: its JSON (strings are most of it). */
function approximateBytes(record: StoredResponse): number {
  return JSON.stringify(record.inputItems).length + JSON.stringify(record.response).length;
}
