import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { isBlockedAddress } from "./blocked-addresses.js";

/**
 * A host name resolved to (or given as) an address the policy refuses. The message reaches the
 * client, so it never names the address a host name resolved to: that would let a client map
 * internal names to internal addresses. `address` keeps it for the operator's log.
 */
export class RefusedAddressError extends Error {
  override name = "RefusedAddressError";
  readonly host: string;
  readonly address: string;
  constructor(host: string, address: string) {
    super(host === address ? `${host} is not a public internet address` : `${host} does not resolve to a public internet address`);
    this.host = host;
    this.address = address;
  }
}

/** `dns.lookup`'s shape, always asked for every address. */
export type Resolver = (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;

const systemResolver: Resolver = (hostname, callback) => dnsLookup(hostname, { all: true, verbatim: true }, callback);

/**
 * Which hosts an image URL may reach: public addresses only, unless the host is allowed by name
 * (`images.internal`, `*.example.com` for every subdomain, or an IP literal).
 */
export class HostPolicy {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = [];
  private readonly resolver: Resolver;

  constructor(allowHosts: readonly string[], resolver: Resolver = systemResolver) {
    for (const entry of allowHosts) {
      const host = normalizeHost(entry);
      if (host.startsWith("*.")) this.suffixes.push(host.slice(1));
      else this.exact.add(host);
    }
    this.resolver = resolver;
  }

  isAllowed(hostname: string): boolean {
    const host = normalizeHost(hostname);
    return this.exact.has(host) || this.suffixes.some((suffix) => host.endsWith(suffix));
  }

  /** A host given as an IP literal never reaches DNS, so it is checked here, before connecting. */
  checkLiteral(hostname: string): void {
    const host = normalizeHost(hostname);
    if (isIP(host) && !this.isAllowed(host) && isBlockedAddress(host)) throw new RefusedAddressError(host, host);
  }

  /**
   * The `lookup` the image agent connects with: it resolves, refuses the host if any of its
   * addresses is blocked, and hands exactly the checked addresses to the socket, so a DNS
   * answer that changes between a check and the connection (rebinding) cannot get through.
   */
  readonly lookup: LookupFunction = (hostname: string, options: LookupOptions, callback) => {
    this.resolver(hostname, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const family = options.family === 4 || options.family === "IPv4" ? 4 : options.family === 6 || options.family === "IPv6" ? 6 : 0;
      const usable = family ? addresses.filter((entry) => entry.family === family) : addresses;
      if (!this.isAllowed(hostname)) {
        const bad = usable.find((entry) => isBlockedAddress(entry.address));
        if (bad) return callback(new RefusedAddressError(hostname, bad.address), "", 0);
      }
      if (usable.length === 0) {
        const missing = Object.assign(new Error(`no address found for ${hostname}`), { code: "ENOTFOUND" });
        return callback(missing, "", 0);
      }
      if (options.all) return callback(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

function normalizeHost(host: string): string {
  const lower = host.trim().toLowerCase();
  return lower.startsWith("[") && lower.endsWith("]") ? lower.slice(1, -1) : lower;
}
