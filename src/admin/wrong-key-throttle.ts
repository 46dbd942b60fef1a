import { isIPv6 } from "node:net";
import { LRUCache } from "lru-cache";

interface Failures {
  count: number;
  /** Until when every master-key attempt from this address is refused (epoch ms). */
  blockedUntil: number;
}

export interface ThrottleOptions {
  /** Wrong keys allowed before the first pause (a typo or two costs nothing). */
  free: number;
  /** The first pause; each further wrong key doubles it. */
  firstPauseMs: number;
  maxPauseMs: number;
  /** Addresses remembered at most: the least recently seen are forgotten first, so memory stays bounded. */
  maxAddresses: number;
  /** An address that stops failing is forgotten after this. */
  forgetAfterMs: number;
  now?: () => number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  free: 3,
  firstPauseMs: 1000,
  maxPauseMs: 5 * 60_000,
  maxAddresses: 10_000,
  forgetAfterMs: 15 * 60_000,
};

/**
 * Slows down guessing of the master key: after a few wrong keys from one client address, every
 * attempt from it is refused for a pause that doubles with each further wrong key (1 s, 2 s, 4 s …
 * up to 5 min), the right key included, so guesses cannot be sent in parallel to beat it. A right
 * key after the pause clears the address. IPv6 addresses count by their /64, which one client
 * usually holds whole.
 */
export class WrongKeyThrottle {
  private readonly failures: LRUCache<string, Failures>;
  private readonly now: () => number;

  constructor(private readonly options: ThrottleOptions = DEFAULT_THROTTLE) {
    this.failures = new LRUCache({ max: options.maxAddresses, ttl: options.forgetAfterMs, updateAgeOnGet: false });
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until `address` may try again; 0: now. */
  waitMs(address: string): number {
    const entry = this.failures.get(clientKey(address));
    return entry ? Math.max(0, entry.blockedUntil - this.now()) : 0;
  }

  failed(address: string): void {
    const key = clientKey(address);
    const entry = this.failures.get(key) ?? { count: 0, blockedUntil: 0 };
    entry.count++;
    const beyond = entry.count - this.options.free;
    if (beyond > 0) entry.blockedUntil = this.now() + Math.min(this.options.firstPauseMs * 2 ** (beyond - 1), this.options.maxPauseMs);
    this.failures.set(key, entry);
  }

  succeeded(address: string): void {
    this.failures.delete(clientKey(address));
  }
}

function clientKey(address: string): string {
  if (!isIPv6(address) || address.startsWith("::ffff:")) return address;
  const groups = expandIPv6(address);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : address;
}

/** The eight groups of an IPv6 address (`::` expanded); undefined for an embedded IPv4 form. */
function expandIPv6(address: string): string[] | undefined {
  if (address.includes(".")) return undefined;
  const [head, tail] = address.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right];
}
