import { timingSafeEqual } from "node:crypto";
import type { Principal } from "./principal.js";

/**
 * Keys by their SHA-256. The lookup is by hash, so its timing can tell a caller at most something
 * about the hash of the key they sent, which they can compute anyway; the final comparison is made
 * in constant time all the same, so no path compares secrets byte by byte.
 */
export class KeyTable {
  private readonly byHash = new Map<string, { hash: Buffer; principal: Principal }>();

  constructor(entries: Iterable<{ hash: Buffer; principal: Principal }>) {
    for (const entry of entries) this.byHash.set(entry.hash.toString("base64"), entry);
  }

  get size(): number {
    return this.byHash.size;
  }

  find(hash: Buffer): Principal | undefined {
    const entry = this.byHash.get(hash.toString("base64"));
    return entry && timingSafeEqual(entry.hash, hash) ? entry.principal : undefined;
  }
}

export const EMPTY_KEY_TABLE = new KeyTable([]);
