import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { afterEach, describe, expect, it } from "vitest";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { parseMetrics, scrape, total, type Sample } from "../helpers/metrics.js";
import { startProxyForTest, type TestProxy } from "../helpers/proxy.js";
import { eventually } from "../helpers/eventually.js";
import { fixture, testData } from "../helpers/files.js";
import { sseData, toSse } from "../helpers/sse.js";
import { replaySse, respond, stall } from "../helpers/mock-answers.js";

/**
 * Metrics after known traffic: exact token and dollar sums from the recorded usage at the built-in
 * (and configured) prices, saved dollars after cache hits, estimated and unpriced tokens, bounded
 * labels, histograms and the in-flight gauge.
 */

const COMPLETION = testData("openai-chat-completion.json");
const TEXT_STREAM = fixture("openai/text.sse");
/** gpt-4o at the built-in price: $2.50 per 1M input tokens, $10 per 1M output tokens. */
const GPT_4O = { input: 2.5, output: 10 };
const dollars = (input: number, output: number, price = GPT_4O) => (input * price.input + output * price.output) / 1e6;

const upstream = useMockUpstream({ "POST /v1/chat/completions": respond(200, COMPLETION) });

const config = (extra = "") => `
providers:
  openai:
    type: openai
    base_url: ${upstream.url}/v1
    api_key: sk-test-metrics-000000
  local:
    type: openai
    base_url: ${upstream.url}/v1
    options: { stream_usage: false }
routes:
  - { match: "gpt-*", provider: openai }
  - { match: "o*", provider: openai }
${extra}
`;

/** Each test gets a proxy of its own, so that its metrics start from zero. */
const proxyWith = (extra = "") => startProxyForTest(config(extra));

afterEach(() => {
  upstream.on("POST /v1/chat/completions", respond(200, COMPLETION));
});

const messages = [{ role: "user", content: "Hello" }];

function series(samples: Sample[], name: string, labels: Record<string, string>): number {
  return total(samples, name, labels);
}

async function scrapeUntil(proxy: TestProxy, done: (samples: Sample[]) => boolean): Promise<Sample[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const samples = await scrape(proxy);
    if (done(samples) || Date.now() > deadline) return samples;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("tokens and dollars", () => {
  it("adds up recorded usage at the built-in prices, for JSON and streams", async () => {
    const proxy = await proxyWith();
    for (let i = 0; i < 3; i++) expect((await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages })).status).toBe(200);
    upstream.on("POST /v1/chat/completions", replaySse(TEXT_STREAM));
    for (let i = 0; i < 2; i++) await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages, stream: true });

    const metrics = await scrape(proxy);
    const labels = { provider: "openai", model: "gpt-4o" };
    expect(series(metrics, "llm_proxy_requests_total", { ...labels, status_code: "200", cache: "bypass" })).toBe(5);
    expect(series(metrics, "llm_proxy_tokens_total", { ...labels, type: "input" })).toBe(3 * 1117 + 2 * 14);
    expect(series(metrics, "llm_proxy_tokens_total", { ...labels, type: "output" })).toBe(3 * 46 + 2 * 30);
    expect(series(metrics, "llm_proxy_tokens_total", { ...labels, type: "cached_input" })).toBe(0);
    expect(series(metrics, "llm_proxy_cost_usd_total", labels)).toBeCloseTo(3 * dollars(1117, 46) + 2 * dollars(14, 30), 12);
    expect(series(metrics, "llm_proxy_estimated_tokens_total", labels)).toBe(0);
    expect(series(metrics, "llm_proxy_unpriced_tokens_total", labels)).toBe(0);
  });

  it("prices cached and reasoning tokens, and dated snapshots at their base name", async () => {
    const proxy = await proxyWith();
    const usage = {
      prompt_tokens: 2000,
      completion_tokens: 700,
      total_tokens: 2700,
      prompt_tokens_details: { cached_tokens: 1500 },
      completion_tokens_details: { reasoning_tokens: 500 },
    };
    upstream.on("POST /v1/chat/completions", respond(200, JSON.stringify({ ...JSON.parse(COMPLETION), model: "o3-2025-04-16", usage })));
    await proxy.post("/v1/chat/completions", { model: "o3-2025-04-16", messages });

    const metrics = await scrape(proxy);
    const labels = { provider: "openai", model: "o3-2025-04-16" };
    expect(series(metrics, "llm_proxy_tokens_total", { ...labels, type: "input" })).toBe(500);
    expect(series(metrics, "llm_proxy_tokens_total", { ...labels, type: "cached_input" })).toBe(1500);
    expect(series(metrics, "llm_proxy_tokens_total", { ...labels, type: "output" })).toBe(700);
    expect(series(metrics, "llm_proxy_tokens_total", { ...labels, type: "reasoning" })).toBe(500);
    // o3: $2 input, $0.50 cached input, $8 output per 1M tokens.
    expect(series(metrics, "llm_proxy_cost_usd_total", labels)).toBeCloseTo((500 * 2 + 1500 * 0.5 + 700 * 8) / 1e6, 12);
  });

  it("charges Anthropic-style cache writes at their own price", async () => {
    const proxy = await proxyWith("pricing: { house-model: { input: 3, output: 15, cached_input: 0.3, cache_write: 3.75 } }");
    const usage = {
      prompt_tokens: 1000,
      completion_tokens: 10,
      total_tokens: 1010,
      prompt_tokens_details: { cached_tokens: 200, cache_write_tokens: 300 },
    };
    upstream.on("POST /v1/chat/completions", respond(200, JSON.stringify({ ...JSON.parse(COMPLETION), usage })));
    await proxy.post("/v1/chat/completions", { model: "openai/house-model", messages });
    const metrics = await scrape(proxy);
    const labels = { provider: "openai", model: "house-model" };
    expect(series(metrics, "llm_proxy_tokens_total", { ...labels, type: "cache_write" })).toBe(300);
    expect(series(metrics, "llm_proxy_tokens_total", { ...labels, type: "input" })).toBe(500);
    expect(series(metrics, "llm_proxy_cost_usd_total", labels)).toBeCloseTo((500 * 3 + 200 * 0.3 + 300 * 3.75 + 10 * 15) / 1e6, 12);
  });

  it("takes prices from pricing: over pricing_file (LiteLLM's format) over the built-in table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llm-proxy-pricing-"));
    const file = join(dir, "model_prices_and_context_window.json");
    writeFileSync(
      file,
      JSON.stringify({
        "gpt-4o": { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002, litellm_provider: "openai", mode: "chat" },
        "local/tiny-model": { input_cost_per_token: 3e-7, output_cost_per_token: 6e-7, litellm_provider: "local", mode: "chat" },
        "gpt-4o-mini": { input_cost_per_token: 0.5, output_cost_per_token: 0.5, litellm_provider: "openai", mode: "chat" },
        "text-embedding-3-small": { input_cost_per_token: 2e-8, output_cost_per_token: 0, litellm_provider: "openai", mode: "embedding" },
      }),
    );
    const proxy = await proxyWith(`pricing_file: ${file}\npricing: { gpt-4o-mini: { input: 0.1, output: 0.2 } }`);
    for (const model of ["gpt-4o", "gpt-4o-mini", "local/tiny-model", "gpt-4.1"])
      await proxy.post("/v1/chat/completions", { model, messages });

    const metrics = await scrape(proxy);
    const cost = (provider: string, model: string) => series(metrics, "llm_proxy_cost_usd_total", { provider, model });
    expect(cost("openai", "gpt-4o")).toBeCloseTo(dollars(1117, 46, { input: 1, output: 2 }), 12);
    expect(cost("openai", "gpt-4o-mini")).toBeCloseTo(dollars(1117, 46, { input: 0.1, output: 0.2 }), 12);
    expect(cost("local", "tiny-model")).toBeCloseTo(dollars(1117, 46, { input: 0.3, output: 0.6 }), 12);
    expect(cost("openai", "gpt-4.1")).toBeCloseTo(dollars(1117, 46, { input: 2, output: 8 }), 12);
  });

  it("refuses a pricing_file it cannot read, naming it", async () => {
    await expect(proxyWith("pricing_file: /nonexistent/prices.json")).rejects.toThrow(
      "pricing_file: cannot read /nonexistent/prices.json (ENOENT)",
    );
  });

  it("counts an unpriced model's tokens as unpriced and charges nothing", async () => {
    const proxy = await proxyWith();
    await proxy.post("/v1/chat/completions", { model: "local/mystery-model", messages });
    const metrics = await scrape(proxy);
    const labels = { provider: "local", model: "mystery-model" };
    expect(series(metrics, "llm_proxy_tokens_total", { ...labels, type: "input" })).toBe(1117);
    expect(series(metrics, "llm_proxy_unpriced_tokens_total", { ...labels, type: "input" })).toBe(1117);
    expect(series(metrics, "llm_proxy_unpriced_tokens_total", { ...labels, type: "output" })).toBe(46);
    expect(metrics.some((sample) => sample.name === "llm_proxy_cost_usd_total" && sample.labels.model === "mystery-model")).toBe(false);
  });

  it("counts tokens with js-tiktoken when a stream carries no usage, and marks them estimated", async () => {
    const proxy = await proxyWith();
    const withoutUsage = toSse(sseData(TEXT_STREAM).filter((data) => data === "[DONE]" || JSON.parse(data).choices.length > 0));
    upstream.on("POST /v1/chat/completions", replaySse(withoutUsage));
    const response = await proxy.post("/v1/chat/completions", { model: "local/gpt-4o", messages, stream: true });
    expect(response.text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(upstream.requests.at(-1)!.json().stream_options).toBeUndefined();

    const text = sseData(withoutUsage)
      .filter((data) => data !== "[DONE]")
      .map((data) => JSON.parse(data).choices[0].delta.content ?? "")
      .join("");
    const tokenizer = new Tiktoken(o200k);
    const output = tokenizer.encode(text).length;
    // OpenAI's framing: 3 tokens per message plus its role and content, 3 to prime the reply.
    const input = 3 + 3 + tokenizer.encode("user").length + tokenizer.encode("Hello").length;
    const labels = { provider: "local", model: "gpt-4o" };
    // Loading the tokenizer happens after the response: the counts arrive a moment later.
    const metrics = await scrapeUntil(proxy, (samples) => series(samples, "llm_proxy_tokens_total", labels) > 0);
    expect(series(metrics, "llm_proxy_estimated_tokens_total", { ...labels, type: "output" })).toBe(output);
    expect(series(metrics, "llm_proxy_estimated_tokens_total", { ...labels, type: "input" })).toBe(input);
    expect(series(metrics, "llm_proxy_tokens_total", { ...labels, type: "output" })).toBe(output);
    expect(series(metrics, "llm_proxy_cost_usd_total", labels)).toBeCloseTo(dollars(input, output), 12);
  });
  it("keeps a stream's chunks for counting only while the provider has not shown it reports usage", async () => {
    const proxy = await proxyWith();
    const withoutUsage = toSse(sseData(TEXT_STREAM).filter((data) => data === "[DONE]" || JSON.parse(data).choices.length > 0));
    const labels = { provider: "local", model: "gpt-4o" };
    upstream.on("POST /v1/chat/completions", replaySse(withoutUsage));
    await proxy.post("/v1/chat/completions", { model: "local/gpt-4o", messages, stream: true });
    const once = series(
      await scrapeUntil(proxy, (samples) => series(samples, "llm_proxy_tokens_total", labels) > 0),
      "llm_proxy_estimated_tokens_total",
      labels,
    );
    await proxy.post("/v1/chat/completions", { model: "local/gpt-4o", messages, stream: true });
    const twice = await scrapeUntil(proxy, (samples) => series(samples, "llm_proxy_estimated_tokens_total", labels) >= 2 * once);
    expect(series(twice, "llm_proxy_estimated_tokens_total", labels)).toBe(2 * once);
    expect(proxy.app.streamUsageSeen.has("local")).toBe(false);

    upstream.on("POST /v1/chat/completions", replaySse(TEXT_STREAM));
    await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages, stream: true });
    expect(proxy.app.streamUsageSeen.has("openai")).toBe(true);
  });
});

describe("cache", () => {
  it("charges a hit nothing, counts no tokens for it, and adds its cost to the saved dollars", async () => {
    const proxy = await proxyWith("cache: { mode: all }");
    const body = { model: "gpt-4o", messages };
    for (let i = 0; i < 3; i++) await proxy.post("/v1/chat/completions", body);
    await proxy.post("/v1/chat/completions", { ...body, stream: true });

    const metrics = await scrape(proxy);
    const labels = { provider: "openai", model: "gpt-4o" };
    expect(series(metrics, "llm_proxy_requests_total", { ...labels, cache: "miss" })).toBe(1);
    expect(series(metrics, "llm_proxy_requests_total", { ...labels, cache: "hit" })).toBe(3);
    expect(series(metrics, "llm_proxy_tokens_total", { ...labels, type: "input" })).toBe(1117);
    expect(series(metrics, "llm_proxy_cost_usd_total", labels)).toBeCloseTo(dollars(1117, 46), 12);
    expect(series(metrics, "llm_proxy_cache_saved_usd_total", labels)).toBeCloseTo(3 * dollars(1117, 46), 12);
    expect(metrics.find((s) => s.name === "llm_proxy_request_duration_seconds_count" && s.labels.model === "gpt-4o")?.value).toBe(1);
  });
});

describe("labels", () => {
  it("labels models beyond the priced, configured and first N seen as other", async () => {
    const proxy = await proxyWith(`metrics: { max_model_labels: 2 }`);
    const models = ["local/aaa", "local/bbb", "local/ccc", "local/ddd", "gpt-4o", "local/aaa"];
    for (const model of models) await proxy.post("/v1/chat/completions", { model, messages });
    for (let i = 0; i < 50; i++) await proxy.post("/v1/chat/completions", { model: `local/random-${i}`, messages });

    const metrics = await scrape(proxy);
    const modelsSeen = new Set(metrics.filter((s) => s.name === "llm_proxy_requests_total").map((s) => s.labels.model));
    expect(modelsSeen).toEqual(new Set(["aaa", "bbb", "other", "gpt-4o"]));
    expect(series(metrics, "llm_proxy_requests_total", { model: "other" })).toBe(52);
    expect(series(metrics, "llm_proxy_requests_total", { model: "aaa" })).toBe(2);
  });

  it("gives a free label only to a model an upstream answered, so typos cannot use up the slots", async () => {
    const proxy = await proxyWith(`metrics: { max_model_labels: 2 }`);
    upstream.on("POST /v1/chat/completions", respond(404, fixture("errors/openai-model-not-found.json")));
    for (let i = 0; i < 5; i++) await proxy.post("/v1/chat/completions", { model: `local/typo-${i}`, messages });
    upstream.on("POST /v1/chat/completions", respond(200, COMPLETION));
    await proxy.post("/v1/chat/completions", { model: "local/real-model", messages });

    const metrics = await scrape(proxy);
    const modelsSeen = new Set(metrics.filter((s) => s.name === "llm_proxy_requests_total").map((s) => s.labels.model));
    expect(modelsSeen).toEqual(new Set(["other", "real-model"]));
    expect(series(metrics, "llm_proxy_requests_total", { model: "other", status_code: "404" })).toBe(5);
  });

  it("labels requests that failed before routing with provider and model none", async () => {
    const proxy = await proxyWith();
    await proxy.post("/v1/chat/completions", { model: "unknown-thing", messages });
    await proxy.post("/v1/chat/completions", "{not json");
    const metrics = await scrape(proxy);
    expect(series(metrics, "llm_proxy_requests_total", { provider: "none", model: "none", status_code: "404" })).toBe(1);
    expect(series(metrics, "llm_proxy_requests_total", { provider: "none", model: "none", status_code: "400" })).toBe(1);
  });

  it("keeps every proxy's numbers in its own registry", async () => {
    const one = await proxyWith();
    const two = await proxyWith();
    await one.post("/v1/chat/completions", { model: "gpt-4o", messages });
    expect(series(await scrape(one), "llm_proxy_requests_total", {})).toBe(1);
    expect(series(await scrape(two), "llm_proxy_requests_total", {})).toBe(0);
  });
});

describe("errors, latency and load", () => {
  it("counts upstream errors by a bounded type", async () => {
    const proxy = await proxyWith();
    upstream.on(
      "POST /v1/chat/completions",
      respond(429, JSON.stringify({ error: { message: "slow down", type: "rate_limit_error", param: null, code: "rate_limit_exceeded" } })),
    );
    await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages });
    upstream.on("POST /v1/chat/completions", replaySse(TEXT_STREAM, { cutAfter: 2 }));
    await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages, stream: true });
    upstream.on(
      "POST /v1/chat/completions",
      respond(503, JSON.stringify({ error: { message: "down", type: "server_error", param: null, code: "weird_code_1234" } })),
    );
    await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages });

    const metrics = await scrape(proxy);
    expect(series(metrics, "llm_proxy_upstream_errors_total", { provider: "openai", error_type: "rate_limited" })).toBe(1);
    expect(series(metrics, "llm_proxy_upstream_errors_total", { provider: "openai", error_type: "stream_interrupted" })).toBe(1);
    expect(series(metrics, "llm_proxy_upstream_errors_total", { provider: "openai", error_type: "server_error" })).toBe(1);
    expect(series(metrics, "llm_proxy_requests_total", { status_code: "429" })).toBe(1);
    expect(series(metrics, "llm_proxy_requests_total", { status_code: "503" })).toBe(1);
  });

  it("observes durations and time to first token in LLM-sized buckets", async () => {
    const proxy = await proxyWith();
    upstream.on("POST /v1/chat/completions", replaySse(TEXT_STREAM, { gapMs: 5 }));
    await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages, stream: true });
    const metrics = await scrape(proxy);
    const buckets = (name: string) =>
      metrics.filter((s) => s.name === `${name}_bucket` && s.labels.model === "gpt-4o").map((s) => s.labels.le);
    expect(buckets("llm_proxy_request_duration_seconds")).toEqual([
      "0.025",
      "0.05",
      "0.1",
      "0.25",
      "0.5",
      "1",
      "2.5",
      "5",
      "10",
      "20",
      "30",
      "60",
      "120",
      "300",
      "600",
      "+Inf",
    ]);
    expect(buckets("llm_proxy_time_to_first_token_seconds")).toContain("0.01");
    const ttft = series(metrics, "llm_proxy_time_to_first_token_seconds_sum", { model: "gpt-4o" });
    const duration = series(metrics, "llm_proxy_request_duration_seconds_sum", { model: "gpt-4o" });
    expect(ttft).toBeGreaterThan(0);
    expect(duration).toBeGreaterThan(ttft);
  });

  it("shows requests in flight", async () => {
    const proxy = await proxyWith();
    upstream.on("POST /v1/chat/completions", stall());
    const controller = new AbortController();
    const pending = fetch(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", messages }),
      signal: controller.signal,
    }).catch(() => undefined);
    await eventually(() => upstream.requests.length > 0 && proxy.app.inFlightRequests === 1);
    expect(series(await scrape(proxy), "llm_proxy_in_flight_requests", {})).toBe(1);
    controller.abort();
    await pending;
    await eventually(() => proxy.app.inFlightRequests === 0);
    expect(series(await scrape(proxy), "llm_proxy_in_flight_requests", {})).toBe(0);
  });

  it("serves Node's process metrics in Prometheus' text format", async () => {
    const proxy = await proxyWith();
    const response = await proxy.get("/metrics");
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const names = new Set(parseMetrics(response.text).map((s) => s.name));
    for (const name of [
      "process_cpu_user_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(names).toContain(name);
    }
  });

  it("has no /metrics when metrics are disabled", async () => {
    const proxy = await proxyWith("metrics: { enabled: false }");
    expect((await proxy.get("/metrics")).status).toBe(404);
    expect(proxy.app.observers).toHaveLength(0);
  });
});
