import { createSecureServer, type Http2SecureServer } from "node:http2";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readText, UpstreamClient } from "../../src/upstream/client.js";
import { DEFAULT_TIMEOUTS } from "../../src/config/schema.js";
import { selfSignedCertificate } from "../helpers/tls.js";
import { eventually } from "../helpers/eventually.js";

const certificate = selfSignedCertificate();

/** A TLS server that holds every answer until `release` is called, counting connections and protocols. */
function heldServer(create: (handler: (req: IncomingMessage, res: ServerResponse) => void) => Http2SecureServer | HttpsServer) {
  const held: ServerResponse[] = [];
  const versions: string[] = [];
  let connections = 0;
  const server = create((req, res) => {
    versions.push(req.httpVersion);
    req.resume();
    req.on("end", () => held.push(res));
  });
  server.on("secureConnection", () => connections++);
  return {
    server,
    held,
    versions,
    connections: () => connections,
    release() {
      for (const res of held.splice(0)) res.end("ok");
    },
    url: () => `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
  };
}

const h2 = heldServer((handler) => createSecureServer({ ...certificate, allowHTTP1: true }, handler as never));
const h1 = heldServer((handler) => createHttpsServer(certificate, handler));
const clients: UpstreamClient[] = [];

beforeAll(async () => {
  await Promise.all([h2, h1].map(({ server }) => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))));
});
afterEach(async () => {
  h2.release();
  h1.release();
  await Promise.all(clients.splice(0).map((client) => client.close()));
});
afterAll(async () => {
  await Promise.all([h2, h1].map(({ server }) => new Promise((resolve) => server.close(resolve))));
});

function client(http2: boolean): UpstreamClient {
  const upstream = new UpstreamClient({ maxConnectionsPerOrigin: undefined, keepAliveMs: 10_000, http2, tls: { ca: certificate.cert } });
  clients.push(upstream);
  return upstream;
}

async function post(upstream: UpstreamClient, url: string): Promise<string> {
  const call = { method: "POST" as const, url: `${url}/v1/chat/completions`, headers: {}, body: "{}", response: "sse" as const };
  return readText((await upstream.send(call, DEFAULT_TIMEOUTS)).body);
}

describe("upstream.http2", () => {
  it("sends concurrent POSTs as streams of one HTTP/2 connection once it has negotiated h2", async () => {
    const upstream = client(true);
    const warm = post(upstream, h2.url());
    await eventually(() => h2.held.length === 1);
    h2.release();
    await warm;
    const before = h2.connections();

    const answers = Array.from({ length: 20 }, () => post(upstream, h2.url()));
    await eventually(() => h2.held.length === 20);
    expect(upstream.stats()).toEqual([{ origin: new URL(h2.url()).host, connections: 1, streams: 20, waiting: 0 }]);
    h2.release();
    expect(await Promise.all(answers)).toEqual(Array(20).fill("ok"));
    expect(h2.connections()).toBe(before);
    expect(new Set(h2.versions)).toEqual(new Set(["2.0"]));
  });

  it("keeps HTTP/1.1 connections to one request at a time: a second stream never waits behind the first", async () => {
    const upstream = client(true);
    const answers = Array.from({ length: 5 }, () => post(upstream, h1.url()));
    await eventually(() => h1.held.length === 5);
    expect(h1.connections()).toBeGreaterThanOrEqual(5);
    h1.release();
    expect(await Promise.all(answers)).toEqual(Array(5).fill("ok"));
  });

  it("is off by default: HTTP/1.1 even to a server that offers h2", async () => {
    const upstream = client(false);
    const answer = post(upstream, h2.url());
    await eventually(() => h2.held.length === 1);
    h2.release();
    await answer;
    expect(h2.versions.at(-1)).toBe("1.1");
  });
});
