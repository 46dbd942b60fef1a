import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ImageFetcher } from "../../src/images/fetch-image.js";
import { ImageBudget } from "../../src/images/image-budget.js";
import { Cancellation } from "../../src/upstream/cancellation.js";
import { ProxyError } from "../../src/errors.js";
import { eventually } from "../helpers/eventually.js";
import { rejection } from "../helpers/proxy-errors.js";

/** One request's image fetches: how many, how much, how many at once, and when they stop. */

let server: Server;
let base: string;
let open = 0;
let mostOpen = 0;
let abandoned = 0;
const held: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    open++;
    mostOpen = Math.max(mostOpen, open);
    res.on("close", () => {
      open--;
      if (!res.writableFinished) abandoned++;
    });
    const size = /^\/bytes\/(\d+)$/.exec(req.url ?? "");
    if (size) {
      res.writeHead(200, { "content-type": "image/png" });
      res.end(Buffer.alloc(Number(size[1])));
    } else if (req.url === "/held") {
      res.writeHead(200, { "content-type": "image/png" });
      res.write(Buffer.alloc(10));
      held.push(res);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  for (const res of held.splice(0)) res.end();
  mostOpen = 0;
  abandoned = 0;
});

const fetcher = new ImageFetcher({
  max_bytes: 10_000,
  max_per_request: 99,
  max_total_bytes: 99_999,
  timeout_ms: 3000,
  max_redirects: 1,
  allow_hosts: ["127.0.0.1"],
});
const budget = (limits: { max_per_request?: number; max_total_bytes?: number } = {}, cancellation = new Cancellation()) =>
  new ImageBudget(fetcher.fetch, { max_per_request: 16, max_total_bytes: 100_000, ...limits }, cancellation);
const param = (i: number) => `messages[0].content[${i}].image_url.url`;

describe("ImageBudget", () => {
  it("refuses more than images.max_per_request image URLs with a 400 naming the limit", async () => {
    const images = budget({ max_per_request: 2 });
    await images.fetch(`${base}/bytes/10`, param(0));
    await images.fetch(`${base}/bytes/10`, param(1));
    const error = await rejection(images.fetch(`${base}/bytes/10`, param(2)));
    expect(error).toMatchObject({ status: 400, param: param(2), code: "invalid_image_url" });
    expect(error.message).toContain("images.max_per_request");
  });

  it("stops at images.max_total_bytes across the request's images", async () => {
    const images = budget({ max_total_bytes: 2000 });
    await images.fetch(`${base}/bytes/900`, param(0));
    await images.fetch(`${base}/bytes/900`, param(1));
    const error = await rejection(images.fetch(`${base}/bytes/900`, param(2)));
    expect(error.message).toContain("images.max_total_bytes");
  });

  it("fetches at most four images at a time", async () => {
    const images = budget();
    const all = Promise.all(Array.from({ length: 10 }, (_, i) => images.fetch(`${base}/held`, param(i)).catch(() => undefined)));
    await eventually(() => held.length === 4);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mostOpen).toBe(4);
    while (held.length < 10) {
      for (const res of held) if (!res.writableEnded) res.end();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const res of held) res.end();
    await all;
    expect(mostOpen).toBe(4);
  });

  it("abandons every fetch under way as soon as one fails", async () => {
    const images = budget();
    const slow = [1, 2, 3].map((i) => images.fetch(`${base}/held`, param(i)).catch((e: unknown) => e));
    await eventually(() => held.length === 3);
    const error = await rejection(images.fetch(`${base}/missing`, param(4)));
    expect(error.message).toContain("HTTP 404");
    await eventually(() => abandoned === 3);
    for (const outcome of await Promise.all(slow)) expect(String((outcome as Error).message)).toContain("abandoned");
  });

  it("abandons every fetch under way when the client leaves", async () => {
    const cancellation = new Cancellation();
    const images = budget({}, cancellation);
    const slow = [0, 1].map((i) => images.fetch(`${base}/held`, param(i)).catch((e: unknown) => e));
    await eventually(() => held.length === 2);
    cancellation.cancel(new Error("client left"));
    await eventually(() => abandoned === 2);
    for (const outcome of await Promise.all(slow)) expect(outcome).toBeInstanceOf(ProxyError);
  });
});
