import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImageFetcher } from "../../src/images/fetch-image.js";
import type { Resolver } from "../../src/images/host-policy.js";
import type { ImagesConfig } from "../../src/config/schema.js";
import type { ProxyError } from "../../src/errors.js";
import { expectError } from "../helpers/openai-schema.js";
import { PNG_BASE64 } from "../helpers/image-server.js";
import { rejection } from "../helpers/proxy-errors.js";
import { resolverFrom } from "../helpers/resolver.js";

const PNG = Buffer.from(PNG_BASE64, "base64");
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
  const error = await rejection(withFetcher(config, (fetcher) => fetcher.fetch(url, PARAM), resolver));
  expect(error).toMatchObject({ status: 400, type: "invalid_request_error", param: PARAM, code: "invalid_image_url" });
  expect(error.message).toContain(url);
  expectError(error.toBody());
  return error;
}

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
