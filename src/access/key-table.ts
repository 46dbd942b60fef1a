import type { Principal } from "./principal.js";

/**
 * Keys by their SHA-256 (base64). The lookup is by hash, so its timing can tell a caller at most
 * something about the hash of the key they sent, which they can compute anyway; the final
 * comparison is made in constant time all the same, so no path compares secrets byte by byte.
 */
export class KeyTable {
  private readonly byHash = new Map<string, { hash: string; principal: Principal }>();

  constructor(entries: Iterable<{ hash: string; principal: Principal }>) {
    for (const entry of entries) this.byHash.set(entry.hash, entry);
  }

  get size(): number {
    return this.byHash.size;
  }

  find(hash: string): Principal | undefined {
    const entry = this.byHash.get(hash);
    return entry && sameInConstantTime(entry.hash, hash) ? entry.principal : undefined;
  }
}

/** Two hashes of one length compared without an early exit (crypto.timingSafeEqual would need Buffers made per request). */
function sameInConstantTime(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

export const EMPTY_KEY_TABLE = new KeyTable([]);
