import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LookupAddress, LookupOptions } from "node:dns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBlockedAddress } from "../src/images/blocked-addresses.js";
import { ImageFetcher } from "../src/images/fetch-image.js";
import { HostPolicy, RefusedAddressError, type Resolver } from "../src/images/host-policy.js";
import type { ImagesConfig } from "../src/config/schema.js";
import { ProxyError } from "../src/errors.js";
import { loadConfigText } from "../src/config/load.js";
import { ConfigError } from "../src/config/validate.js";
import { adapterFor } from "../src/providers/registry.js";
import { expectError } from "./helpers/openai-schema.js";

// The smallest PNG: 1×1, transparent.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
const PARAM = "messages[0].content[1].image_url.url";

let server: Server;
let port: number;
let base: string;
const served: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "";
    served.push(path);
    const hop = /^\/hop\/(\d+)$/.exec(path);
    if (path === "/cat.png") {
      res.writeHead(200, { "content-type": "image/png", "content-length": PNG.length });
      res.end(PNG);
    } else if (hop) {
      const left = Number(hop[1]);
      res.writeHead(302, { location: left === 0 ? "/cat.png" : `/hop/${left - 1}` });
      res.end();
    } else if (path === "/loop") {
      res.writeHead(301, { location: "/loop" });
      res.end();
    } else if (path === "/to-private") {
      res.writeHead(307, { location: "http://10.0.0.1/cat.png" });
      res.end();
    } else if (path === "/to-localhost") {
      res.writeHead(302, { location: `http://localhost:${port}/cat.png` });
      res.end();
    } else if (path === "/bad-location") {
      res.writeHead(302, { location: "http://[oops/" });
      res.end();
    } else if (path === "/page") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<html></html>");
    } else if (path === "/big") {
      res.writeHead(200, { "content-type": "image/jpeg", "content-length": 5000 });
      res.end(Buffer.alloc(5000));
    } else if (path === "/big-chunked") {
      res.writeHead(200, { "content-type": "image/jpeg" });
      for (let i = 0; i < 10; i++) res.write(Buffer.alloc(500));
      res.end();
    } else if (path === "/slow") {
      res.writeHead(200, { "content-type": "image/png" });
      res.write(PNG.subarray(0, 10));
    } else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const settings = (overrides: Partial<ImagesConfig> = {}): ImagesConfig => ({
  max_bytes: 1000,
  max_per_request: 16,
  max_total_bytes: 4000,
  timeout_ms: 500,
  max_redirects: 2,
  allow_hosts: ["127.0.0.1"],
  ...overrides,
});

async function withFetcher<T>(config: ImagesConfig, run: (fetcher: ImageFetcher) => Promise<T>, resolver?: Resolver): Promise<T> {
  const fetcher = new ImageFetcher(config, { resolver });
  try {
    return await run(fetcher);
  } finally {
    await fetcher.close();
  }
}

async function refusal(config: ImagesConfig, url: string, resolver?: Resolver): Promise<ProxyError> {
  const error = await withFetcher(config, (fetcher) => fetcher.fetch(url, PARAM), resolver).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProxyError)) throw new Error(`expected a refusal, got ${String(error)}`);
  expect(error).toMatchObject({ status: 400, type: "invalid_request_error", param: PARAM, code: "invalid_image_url" });
  expect(error.message).toContain(url);
  expectError(error.toBody());
  return error;
}

/** A resolver that answers from a table, counting its calls. */
function resolverFrom(answer: (host: string, call: number) => string): Resolver & { calls: number } {
  const resolver = Object.assign(
    (host: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => {
      const address = answer(host, ++resolver.calls);
      callback(null, [{ address, family: address.includes(":") ? 6 : 4 }]);
    },
    { calls: 0 },
  );
  return resolver;
}

describe("blocked addresses", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.100.100.200",
    "168.63.129.16",
    "192.0.0.192",
    "0.0.0.0",
    "224.0.0.251",
    "255.255.255.255",
    "::",
    "::1",
    "[::1]",
    "fe80::1",
    "fd00:ec2::254",
    "fc00::5",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:a9fe:a9fe",
    "::ffff:0:7f00:1",
    "::ffff:0:127.0.0.1",
    "[::ffff:0:a9fe:a9fe]",
    "0:0:0:0:ffff:0:808:808",
    "64:ff9b::a00:1",
    "2002:c0a8:101::1",
    "not-an-ip",
  ])("refuses %s", (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
  ])("lets %s through", (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });
});

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

describe("image fetching", () => {
  it("fetches an allowed host's image as base64 with its media type", async () => {
    const image = await withFetcher(settings(), (fetcher) => fetcher.fetch(`${base}/cat.png`, PARAM));
    expect(image).toEqual({ mediaType: "image/png", base64: PNG.toString("base64") });
  });

  it("refuses loopback by default, without connecting", async () => {
    const before = served.length;
    const error = await refusal(settings({ allow_hosts: [] }), `${base}/cat.png`);
    expect(error.message).toMatch(/127\.0\.0\.1 is not a public internet address/);
    expect(served.length).toBe(before);
  });

  it("refuses a host name whose address, once resolved, is loopback", async () => {
    const before = served.length;
    const error = await refusal(settings(), `http://localhost:${port}/cat.png`);
    expect(error.message).toMatch(/localhost does not resolve to a public internet address/);
    expect(error.message).not.toMatch(/127\.0\.0\.1|::1/);
    expect(served.length).toBe(before);
  });

  it("names a refused host but not the address it resolved to, which would map internal names for the client", async () => {
    const error = await refusal(
      settings({ allow_hosts: [] }),
      `http://db.corp.example.test:${port}/cat.png`,
      resolverFrom(() => "10.1.2.3"),
    );
    expect(error.message).toContain("db.corp.example.test does not resolve to a public internet address");
    expect(error.message).not.toContain("10.1.2.3");
  });

  it("allows a host by wildcard and connects to the very address it resolved", async () => {
    const resolver = resolverFrom(() => "127.0.0.1");
    const url = `http://img.cdn.example.test:${port}/cat.png`;
    await refusal(settings({ allow_hosts: [] }), url, resolver);
    expect(resolver.calls).toBe(1);
    const image = await withFetcher(settings({ allow_hosts: ["*.example.test"] }), (fetcher) => fetcher.fetch(url, PARAM), resolver);
    expect(image.base64).toBe(PNG.toString("base64"));
    expect(resolver.calls).toBe(2);
  });

  it("refuses images over images.max_bytes, declared or not", async () => {
    expect((await refusal(settings(), `${base}/big`)).message).toMatch(/larger than the 1000 bytes left for images \(images.max_bytes/);
    expect((await refusal(settings(), `${base}/big-chunked`)).message).toMatch(
      /larger than the 1000 bytes left for images \(images.max_bytes/,
    );
  });

  it("refuses what is not an image", async () => {
    expect((await refusal(settings(), `${base}/page`)).message).toMatch(/not an image \(content type "text\/html; charset=utf-8"\)/);
  });

  it("follows up to images.max_redirects redirects and refuses more", async () => {
    const image = await withFetcher(settings(), (fetcher) => fetcher.fetch(`${base}/hop/1`, PARAM));
    expect(image.mediaType).toBe("image/png");
    expect((await refusal(settings(), `${base}/hop/2`)).message).toMatch(/redirects more than 2 times/);
    expect((await refusal(settings(), `${base}/loop`)).message).toMatch(/redirects more than 2 times/);
    expect((await refusal(settings(), `${base}/bad-location`)).message).toMatch(/redirects to an invalid URL/);
  });

  it("checks every redirect hop: a redirect to a private address or a name for one is refused", async () => {
    expect((await refusal(settings(), `${base}/to-private`)).message).toMatch(/10\.0\.0\.1 is not a public internet address/);
    const before = served.length;
    expect((await refusal(settings(), `${base}/to-localhost`)).message).toMatch(/localhost does not resolve to a public internet address/);
    expect(served.slice(before)).toEqual(["/to-localhost"]);
  });

  it("gives up at images.timeout_ms instead of hanging", async () => {
    const started = Date.now();
    expect((await refusal(settings({ timeout_ms: 300 }), `${base}/slow`)).message).toMatch(/did not arrive within 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses error answers, other schemes and malformed URLs", async () => {
    expect((await refusal(settings(), `${base}/missing.png`)).message).toMatch(/answered HTTP 404/);
    expect((await refusal(settings(), "file:///etc/passwd")).message).toMatch(/only http and https URLs/);
    expect((await refusal(settings(), "http://")).message).toMatch(/not a valid URL/);
  });
});

describe("images config", () => {
  const load = (yaml: string) => loadConfigText(yaml, {}, adapterFor);

  it("has safe defaults", () => {
    expect(load("").images).toEqual({
      max_bytes: 10 * 1024 * 1024,
      max_per_request: 16,
      max_total_bytes: 32 * 1024 * 1024,
      timeout_ms: 10_000,
      max_redirects: 3,
      allow_hosts: [],
    });
  });

  it("reads sizes with units and an allow list", () => {
    const config = load(
      "images: { max_bytes: 2mb, max_per_request: 4, max_total_bytes: 5mb, timeout_ms: 500, max_redirects: 0, allow_hosts: [images.internal, '*.corp.example'] }",
    );
    expect(config.images).toEqual({
      max_bytes: 2 * 1024 * 1024,
      max_per_request: 4,
      max_total_bytes: 5 * 1024 * 1024,
      timeout_ms: 500,
      max_redirects: 0,
      allow_hosts: ["images.internal", "*.corp.example"],
    });
  });

  it.each([
    ["images: { max_bytes: lots }", "images.max_bytes"],
    ["images: { timeout_ms: 0 }", "images.timeout_ms"],
    ["images: { max_redirects: -1 }", "images.max_redirects"],
    ["images: { max_per_request: 0 }", "images.max_per_request"],
    ["images: { max_total_bytes: none }", "images.max_total_bytes"],
    ["images: { allow_hosts: localhost }", "images.allow_hosts"],
    ["images: { allowed_hosts: [] }", "images.allowed_hosts"],
  ])("rejects %j at %s", (yaml, path) => {
    expect(() => load(yaml)).toThrow(ConfigError);
    try {
      load(yaml);
    } catch (error) {
      expect((error as ConfigError).path).toBe(path);
    }
  });
});
