import type { LookupAddress } from "node:dns";
import type { Resolver } from "../../src/images/host-policy.js";

/** A resolver that answers from a table, counting its calls. */
export function resolverFrom(answer: (host: string, call: number) => string): Resolver & { calls: number } {
  const resolver = Object.assign(
    (host: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => {
      const address = answer(host, ++resolver.calls);
      callback(null, [{ address, family: address.includes(":") ? 6 : 4 }]);
    },
    { calls: 0 },
  );
  return resolver;
}
