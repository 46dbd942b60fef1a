import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chatAnswers } from "../helpers/chat-answers.js";
import { scrape, total } from "../helpers/metrics.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { startTestProxy, type TestProxy } from "../helpers/proxy.js";
import { freePort, startRedisServer, type RedisServer } from "../helpers/services.js";

const KEY = "sk-limited-0123456789abcdefghijklmnop";
const redisServer = inject("redisServer");
if (!redisServer) console.warn("No redis-server binary: the Redis outage tests of rate limits are skipped.");

const config = (upstreamUrl: string, redisUrl: string, failOpen: boolean) => `
providers:
  openai: { type: openai, base_url: "${upstreamUrl}/v1", api_key: sk-upstream }
routes:
  - { match: "*", provider: openai }
auth:
  keys:
    - { name: limited, key: "${KEY}", rpm: 100 }
limits: { fail_open: ${failOpen} }
redis: { url: "${redisUrl}", timeout_ms: 200 }
`;
const ask = { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] };
const auth = { authorization: `Bearer ${KEY}` };

describe.runIf(Boolean(redisServer))("rate limits while Redis is down", () => {
  let redis: RedisServer;
  let upstream: MockUpstream;
  let open: TestProxy;
  let closed: TestProxy;

  beforeAll(async () => {
    redis = await startRedisServer(redisServer!, await freePort());
    upstream = await startMockUpstream({ "POST /v1/chat/completions": chatAnswers({ prompt_tokens: 3, completion_tokens: 5 }) });
    open = await startTestProxy(config(upstream.url, redis.url, true));
    closed = await startTestProxy(config(upstream.url, redis.url, false));
  });
  afterAll(async () => {
    await open?.close();
    await closed?.close();
    await upstream?.close();
    await redis?.stop();
  });

  it("are enforced through Redis while it answers", async () => {
    const response = await open.post("/v1/chat/completions", ask, auth);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("99");
  });

  it("fail open by default: the request is served, counted in a metric and logged once", async () => {
    await redis.stop();
    for (let i = 0; i < 2; i++) {
      const response = await open.post("/v1/chat/completions", ask, auth);
      expect(response.status).toBe(200);
      expect(response.headers.get("x-ratelimit-remaining-requests")).toBeNull();
    }
    expect(total(await scrape(open), "llm_proxy_limit_store_errors_total", { store: "redis", operation: "admit" })).toBe(2);
    expect(open.logs.filter((line) => line.includes("the limit store is unreachable: requests are served without"))).toHaveLength(1);
  });

  it("with limits.fail_open: false, refuse with a retryable 503, never a 500", async () => {
    const response = await closed.post("/v1/chat/completions", ask, auth);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(response.json().error).toMatchObject({ type: "server_error", code: "rate_limit_store_unavailable" });
  });
});
