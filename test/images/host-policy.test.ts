import type { LookupOptions } from "node:dns";
import { describe, expect, it } from "vitest";
import { HostPolicy, RefusedAddressError, type Resolver } from "../../src/images/host-policy.js";
import { resolverFrom } from "../helpers/resolver.js";

describe("the connecting lookup", () => {
  const lookup = (policy: HostPolicy, host: string, options: LookupOptions) =>
    new Promise<{ error: Error | null; address: unknown; family: unknown }>((resolve) =>
      policy.lookup(host, options, (error, address, family) => resolve({ error, address, family })),
    );

  it("resolves once and hands the socket exactly the addresses it checked, so a changing DNS answer cannot slip in", async () => {
    // First answer public, every later one loopback: a check on one lookup and a connection on
    // another would reach loopback.
    const resolver = resolverFrom((_host, call) => (call === 1 ? "93.184.215.14" : "127.0.0.1"));
    const policy = new HostPolicy([], resolver);
    expect(await lookup(policy, "rebind.example.test", { all: true })).toEqual({
      error: null,
      address: [{ address: "93.184.215.14", family: 4 }],
      family: undefined,
    });
    expect(resolver.calls).toBe(1);
    const second = await lookup(policy, "rebind.example.test", {});
    expect(second.error).toBeInstanceOf(RefusedAddressError);
    expect(second.error?.message).toBe("rebind.example.test does not resolve to a public internet address");
    expect(second.error).toMatchObject({ host: "rebind.example.test", address: "127.0.0.1" });
  });

  it("refuses a host if any of its addresses is private, and honours the asked family", async () => {
    const resolver: Resolver = (_host, callback) =>
      callback(null, [
        { address: "2606:4700:4700::1111", family: 6 },
        { address: "10.0.0.8", family: 4 },
      ]);
    const policy = new HostPolicy([], resolver);
    expect((await lookup(policy, "mixed.example.test", { all: true })).error).toBeInstanceOf(RefusedAddressError);
    expect(await lookup(policy, "mixed.example.test", { family: 6 })).toEqual({ error: null, address: "2606:4700:4700::1111", family: 6 });
    expect(await lookup(policy, "mixed.example.test", { family: "IPv6" })).toEqual({
      error: null,
      address: "2606:4700:4700::1111",
      family: 6,
    });
    expect((await lookup(new HostPolicy(["mixed.example.test"], resolver), "mixed.example.test", { family: 4 })).address).toBe("10.0.0.8");
  });
});
