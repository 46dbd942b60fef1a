import { randomBytes } from "node:crypto";
import OpenAI from "openai";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { chatAnswers } from "../helpers/chat-answers.js";
import { scrape, total } from "../helpers/metrics.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { startTestProxy, type TestProxy } from "../helpers/proxy.js";
import { useTemporarySqlite } from "../helpers/state.js";

const KEY = "sk-budgeted-0123456789abcdefghijklmnop";
const redisUrl = inject("redisUrl");

/**
 * A dollar per output token and nothing for input: a request with max_tokens 5 reserves $5, and
 * the mock's answer (5 completion tokens) costs exactly that, so a $50 budget fits ten.
 */
const config = (upstreamUrl: string, stateUrl: string, redis?: { url: string; prefix: string }) => `
providers:
  openai:
    type: openai
    base_url: ${upstreamUrl}/v1
    api_key: sk-upstream
routes:
  - { match: "*", provider: openai }
pricing:
  priced-model: { input: 0, output: 1000000 }
auth:
  keys:
    - { name: budgeted, key: "${KEY}", budget_usd: 50, budget_period: month }
state: { url: "${stateUrl}", flush_seconds: 0.2 }
${redis ? `redis: { url: "${redis.url}", key_prefix: "${redis.prefix}" }` : ""}
`;
const ask = (fields: object = {}) => ({ model: "priced-model", max_tokens: 5, messages: [{ role: "user", content: "Hi" }], ...fields });
const auth = { authorization: `Bearer ${KEY}` };

const prefixes: string[] = [];
afterAll(async () => {
  if (!redisUrl || prefixes.length === 0) return;
  const client = new Redis(redisUrl);
  for (const prefix of prefixes) {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
  }
  client.disconnect();
});

const variants: [string, boolean][] = [
  ["in memory", true],
  ["on Redis", Boolean(redisUrl)],
];

describe.each(variants)("a monthly budget, limits %s", (variant, available) => {
  const stateUrl = useTemporarySqlite();
  let upstream: MockUpstream;
  let proxy: TestProxy;
  const redis = variant === "on Redis" ? { url: redisUrl ?? "", prefix: `llm-proxy-test:${randomBytes(4).toString("hex")}:` } : undefined;
  if (redis) prefixes.push(redis.prefix);

  const start = async () => {
    proxy = await startTestProxy(config(upstream.url, stateUrl, redis));
  };
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  it.runIf(available)("admits no more than the budget fits when 50 requests race for it", async () => {
    upstream = await startMockUpstream({ "POST /v1/chat/completions": chatAnswers({ prompt_tokens: 3, completion_tokens: 5 }, 100) });
    await start();
    const answers = await Promise.all(Array.from({ length: 50 }, () => proxy.post("/v1/chat/completions", ask(), auth)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40);
    expect(upstream.requests).toHaveLength(10);
    const refusal = answers.find((answer) => answer.status === 429)!;
    expect(refusal.headers.get("x-should-retry")).toBe("false");
    expect(refusal.json().error).toMatchObject({ type: "insufficient_quota", code: "insufficient_quota", param: null });
    expect(refusal.json().error.message).toMatch(
      /^You exceeded your current quota: key 'budgeted' has spent \$\d+\.\d\d( \(and \$\d+\.\d\d is reserved by requests in flight\))? of its \$50\.00 monthly budget for the month starting \d{4}-\d\d-01 \(UTC\)\. It resets at \d{4}-\d\d-01T00:00:00\.000Z\.$/,
    );
    const samples = await scrape(proxy);
    expect(total(samples, "llm_proxy_key_cost_usd_total", { key: "budgeted" })).toBe(50);
    expect(total(samples, "llm_proxy_key_refusals_total", { key: "budgeted", reason: "budget_exceeded" })).toBe(40);
  });

  it.runIf(available)("the openai SDK raises RateLimitError for insufficient_quota and does not retry it", async () => {
    const before = total(await scrape(proxy), "llm_proxy_key_requests_total", { key: "budgeted" });
    const client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: KEY, maxRetries: 3 });
    const error = await client.chat.completions.create(ask() as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).code).toBe("insufficient_quota");
    expect(total(await scrape(proxy), "llm_proxy_key_requests_total", { key: "budgeted" }) - before).toBe(1);
  });

  it.runIf(available)("keeps the spend through a restart", async () => {
    await proxy.close();
    await start();
    const response = await proxy.post("/v1/chat/completions", ask(), auth);
    expect(response.status).toBe(429);
    expect(response.json().error.message).toContain("has spent $50.00 of its $50.00 monthly budget");
  });
});

describe("a budget counts streamed answers", () => {
  const stateUrl = useTemporarySqlite();
  let upstream: MockUpstream;
  let proxy: TestProxy;
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  it("settles a stream's cost when it ends", async () => {
    upstream = await startMockUpstream({ "POST /v1/chat/completions": chatAnswers({ prompt_tokens: 3, completion_tokens: 20 }) });
    proxy = await startTestProxy(config(upstream.url, stateUrl));
    // Reserves $5 each, costs $20 each: the third finds $40 spent and only $10 left.
    for (let i = 0; i < 2; i++) expect((await proxy.post("/v1/chat/completions", ask({ stream: true }), auth)).status).toBe(200);
    expect((await proxy.post("/v1/chat/completions", ask({ stream: true }), auth)).status).toBe(200);
    const refused = await proxy.post("/v1/chat/completions", ask({ stream: true }), auth);
    expect(refused.status).toBe(429);
    expect(refused.json().error.message).toContain("has spent $60.00 of its $50.00 monthly budget");
  });
});
