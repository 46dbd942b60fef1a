import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectCompletion } from "../helpers/openai-schema.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { scrape, total } from "../helpers/metrics.js";
import { startProxyForTest, useTestProxy, type TestProxy } from "../helpers/proxy.js";
import { freePort, startRedisServer, type RedisServer } from "../helpers/services.js";
import { fixture, testData } from "../helpers/files.js";
import { replaySse, respond } from "../helpers/mock-answers.js";

/** /readyz names the running config by a 12-hex-digit hash. */
const CONFIG_VERSION = expect.stringMatching(/^[0-9a-f]{12}$/);

/**
 * The response cache on a real Redis: shared by every replica, and never the reason a request
 * fails when Redis goes away or slows down. The shared Redis (127.0.0.1:6379) is only read and
 * written under a prefix of this run; the outage tests stop a redis-server of their own.
 */

const redisUrl = inject("redisUrl");
const redisServer = inject("redisServer");
if (!redisUrl) console.warn("No Redis on 127.0.0.1:6379 and no redis-server to start one: skipping the Redis cache tests.");

const COMPLETION = testData("openai-chat-completion.json");
const PREFIX = `llm-proxy-test:${randomUUID()}:`;

const config = (url: string, redis: string, extra = "") => `
providers:
  openai:
    type: openai
    base_url: ${url}/v1
    api_key: sk-test-redis-000000
routes:
  - { match: "gpt-*", provider: openai }
cache: { mode: all, store: redis, redis_url: "${redis}", key_prefix: "${PREFIX}"${extra} }
`;

const upstream = useMockUpstream({ "POST /v1/chat/completions": respond(200, COMPLETION) });

afterAll(async () => {
  if (redisUrl) {
    const client = new Redis(redisUrl);
    const keys = await client.keys(`${PREFIX}*`);
    if (keys.length > 0) await client.del(...keys);
    client.disconnect();
  }
});

let question = 0;
function fresh(extra: object = {}) {
  question++;
  return { model: "gpt-4o", messages: [{ role: "user", content: `Redis question ${question}` }], ...extra };
}

async function ask(proxy: TestProxy, body: object) {
  const response = await proxy.post("/v1/chat/completions", body);
  await proxy.app.cache?.settled();
  return response;
}

describe.skipIf(!redisUrl)("on the shared Redis", () => {
  const replicaA = useTestProxy(() => config(upstream.url, redisUrl!));
  const replicaB = useTestProxy(() => config(upstream.url, redisUrl!));

  it("serves on one replica the answer another one stored", async () => {
    const body = fresh();
    const first = await ask(replicaA, body);
    expect(first.headers.get("x-llm-proxy-cache")).toBe("MISS");
    const calls = upstream.requests.length;

    const fromB = await ask(replicaB, body);
    expect(fromB.headers.get("x-llm-proxy-cache")).toBe("HIT");
    expect(fromB.text).toBe(COMPLETION);
    expect(upstream.requests.length).toBe(calls);

    const client = new Redis(redisUrl!);
    try {
      const keys = await client.keys(`${PREFIX}*`);
      expect(keys.length).toBeGreaterThan(0);
      const ttl = await client.pttl(keys[0]!);
      expect(ttl).toBeGreaterThan(3_500_000);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
    } finally {
      client.disconnect();
    }
  });

  it("serves a stream stored by one replica as JSON on another", async () => {
    const body = fresh();
    upstream.on("POST /v1/chat/completions", replaySse(fixture("openai/text.sse")));
    try {
      await ask(replicaA, { ...body, stream: true });
      const calls = upstream.requests.length;
      const json = await ask(replicaB, body);
      expect(json.headers.get("x-llm-proxy-cache")).toBe("HIT");
      expectCompletion(json.json());
      expect(upstream.requests.length).toBe(calls);
    } finally {
      upstream.on("POST /v1/chat/completions", respond(200, COMPLETION));
    }
  });

  it("reports the cache in /readyz", async () => {
    const ready = await replicaA.get("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.json()).toEqual({ status: "ready", checks: { cache: "ok" }, config: CONFIG_VERSION });
  });
});

describe.skipIf(!redisUrl || !redisServer)("when Redis fails", () => {
  let redis: RedisServer;
  // The test stops this redis-server and starts another on its port: its own hooks, not useStarted.
  beforeAll(async () => {
    redis = await startRedisServer(redisServer!, await freePort(), ["--enable-debug-command", "yes"]);
  });
  afterAll(async () => {
    await redis?.stop();
  });
  const proxy = useTestProxy(() => config(upstream.url, redis.url, ", redis_timeout_ms: 150"));
  const outageLogs = () => proxy.logs.filter((line) => line.includes("response cache unavailable"));

  it("serves uncached while Redis is stopped, counts and logs it once, and recovers when it is back", async () => {
    const body = fresh();
    expect((await ask(proxy, body)).headers.get("x-llm-proxy-cache")).toBe("MISS");
    expect((await ask(proxy, body)).headers.get("x-llm-proxy-cache")).toBe("HIT");

    await redis.stop();
    const calls = upstream.requests.length;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const response = await ask(proxy, body);
      expect(response.status).toBe(200);
      expect(response.text).toBe(COMPLETION);
      expect(response.headers.get("x-llm-proxy-cache")).toBe("BYPASS");
      expect(performance.now() - started).toBeLessThan(1000);
    }
    expect(upstream.requests.length).toBe(calls + 3);
    expect(outageLogs()).toHaveLength(1);
    expect(JSON.parse(outageLogs()[0]!)).toMatchObject({ level: "warn", store: "redis" });
    const metrics = await scrape(proxy);
    expect(total(metrics, "llm_proxy_cache_errors_total", { store: "redis", operation: "get" })).toBe(3);
    expect(total(metrics, "llm_proxy_cache_errors_total", { store: "redis", operation: "set" })).toBe(3);
    expect(total(metrics, "llm_proxy_requests_total", { cache: "bypass", status_code: "200" })).toBe(3);
    const ready = await proxy.get("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.json()).toEqual({ status: "degraded", checks: { cache: "failing" }, config: CONFIG_VERSION });

    redis = await startRedisServer(redisServer!, redis.port, ["--enable-debug-command", "yes"]);
    let status: string | null = null;
    const deadline = Date.now() + 5000;
    while (status !== "MISS" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await ask(proxy, body)).headers.get("x-llm-proxy-cache");
    }
    expect(status).toBe("MISS");
    expect((await ask(proxy, body)).headers.get("x-llm-proxy-cache")).toBe("HIT");
    expect(proxy.logs.filter((line) => line.includes("response cache available again"))).toHaveLength(1);
    expect(outageLogs()).toHaveLength(1);
    expect((await proxy.get("/readyz")).status).toBe(200);
  });

  it("does not wait for a Redis that is slow to answer", async () => {
    const body = fresh();
    await ask(proxy, body);
    const blocker = new Redis(redis.url);
    try {
      void blocker.call("DEBUG", "SLEEP", "2").catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = performance.now();
      const response = await ask(proxy, body);
      const elapsed = performance.now() - started;
      expect(response.status).toBe(200);
      expect(response.headers.get("x-llm-proxy-cache")).toBe("BYPASS");
      expect(elapsed).toBeLessThan(1000);
    } finally {
      blocker.disconnect();
    }
  });
});

describe.skipIf(!redisUrl)("when Redis is unreachable from the start", () => {
  it("starts, serves uncached and reports itself degraded", async () => {
    const proxy = await startProxyForTest(config(upstream.url, `redis://127.0.0.1:${await freePort()}`, ", redis_timeout_ms: 100"));
    const response = await ask(proxy, fresh());
    expect(response.status).toBe(200);
    expect(response.headers.get("x-llm-proxy-cache")).toBe("BYPASS");
    const ready = await proxy.get("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.json()).toEqual({ status: "degraded", checks: { cache: "failing" }, config: CONFIG_VERSION });
  });
});
