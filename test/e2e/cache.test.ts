import { beforeEach, describe, expect, it } from "vitest";
import { expectChunk, expectCompletion, expectError, readSdkStream } from "../helpers/openai-schema.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { startProxyForTest, useTestProxy, type TestProxy } from "../helpers/proxy.js";
import { eventually } from "../helpers/eventually.js";
import { fixture, testData } from "../helpers/files.js";
import { sseData, sseEvents, toSse } from "../helpers/sse.js";
import { replaySse, respond } from "../helpers/mock-answers.js";

/** The response cache on the memory store: hits, misses, streams ↔ JSON, Cache-Control, what is never kept. */

const COMPLETION = testData("openai-chat-completion.json");
const TEXT_STREAM = fixture("openai/text.sse");

const config = (url: string, cache: string) => `
providers:
  openai:
    type: openai
    base_url: ${url}/v1
    api_key: sk-test-cache-000000
  mirror:
    type: openai
    base_url: ${url}/v1
    api_key: sk-test-cache-000000
routes:
  - { match: "gpt-*", provider: openai }
cache: ${cache}
`;

const upstream = useMockUpstream();
const proxy = useTestProxy(() => config(upstream.url, "{ mode: all }"));

let question = 0;
/** A request no earlier test has sent, so every test starts from a cold cache. */
function fresh(extra: object = {}) {
  question++;
  return { model: "gpt-4o", messages: [{ role: "user", content: `Question ${question}` }], ...extra };
}

function upstreamCalls(): number {
  return upstream.requests.length;
}

/** Sends a request and waits until anything it left for the cache is stored. */
async function ask(target: TestProxy, body: object, headers: Record<string, string> = {}) {
  const response = await target.post("/v1/chat/completions", body, headers);
  await target.app.cache?.settled();
  return response;
}

function chunksOf(text: string) {
  const data = sseData(text);
  expect(data.at(-1)).toBe("[DONE]");
  const chunks = data.slice(0, -1).map((payload) => JSON.parse(payload));
  chunks.forEach(expectChunk);
  return chunks;
}

const recordedChunks = sseData(TEXT_STREAM)
  .filter((data) => data !== "[DONE]")
  .map((data) => JSON.parse(data));
const recordedText = recordedChunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
const recordedUsage = recordedChunks.at(-1).usage;

beforeEach(() => {
  upstream.on("POST /v1/chat/completions", respond(200, COMPLETION));
});

describe("JSON requests", () => {
  it("misses, then serves the same bytes from the cache without calling upstream", async () => {
    const body = fresh({ temperature: 0.3 });
    const first = await ask(proxy, body);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-llm-proxy-cache")).toBe("MISS");
    const calls = upstreamCalls();

    const second = await ask(proxy, body);
    expect(second.status).toBe(200);
    expect(second.headers.get("x-llm-proxy-cache")).toBe("HIT");
    expect(second.headers.get("x-llm-proxy-provider")).toBe("openai");
    expect(second.headers.get("content-type")).toBe("application/json");
    expect(second.text).toBe(COMPLETION);
    expect(upstreamCalls()).toBe(calls);
  });

  it("is read by the openai SDK, with the original usage", async () => {
    const body = fresh();
    await ask(proxy, body);
    const completion = await proxy.client.chat.completions.create(body as never);
    expectCompletion(completion);
    expect(completion.usage).toEqual(JSON.parse(COMPLETION).usage);
  });

  it("keys on every parameter that changes the answer, in any key order, but not on delivery fields", async () => {
    const body = fresh({
      temperature: 0.3,
      response_format: { type: "json_object" },
      tools: [{ type: "function", function: { name: "f", parameters: { type: "object", properties: {} } } }],
    });
    await ask(proxy, body);
    const calls = upstreamCalls();

    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect((await ask(proxy, reordered)).headers.get("x-llm-proxy-cache")).toBe("HIT");
    const delivery = { ...body, user: "someone-else", metadata: { trace: "x" }, store: false, stream_options: null };
    expect((await ask(proxy, delivery)).headers.get("x-llm-proxy-cache")).toBe("HIT");
    // OpenAI reads null as "not set".
    expect((await ask(proxy, { ...body, seed: null, top_p: null })).headers.get("x-llm-proxy-cache")).toBe("HIT");
    expect(upstreamCalls()).toBe(calls);

    for (const changed of [
      { ...body, temperature: 0.4 },
      { ...body, response_format: { type: "text" } },
      { ...body, seed: 1 },
      { ...body, messages: [...body.messages, { role: "user", content: "more" }] },
      { ...body, some_future_parameter: true },
      { ...body, model: "mirror/gpt-4o" },
      { ...body, model: "gpt-4o-mini" },
    ]) {
      expect((await ask(proxy, changed)).headers.get("x-llm-proxy-cache")).toBe("MISS");
    }
    expect(upstreamCalls()).toBe(calls + 7);
  });

  it("Cache-Control: no-cache skips the lookup but stores the fresh answer", async () => {
    const body = fresh();
    await ask(proxy, body);
    const calls = upstreamCalls();
    const other = JSON.stringify({ ...JSON.parse(COMPLETION), id: "chatcmpl-refreshed" });
    upstream.on("POST /v1/chat/completions", respond(200, other));

    const refreshed = await ask(proxy, body, { "cache-control": "no-cache" });
    expect(refreshed.headers.get("x-llm-proxy-cache")).toBe("BYPASS");
    expect(refreshed.text).toBe(other);
    expect(upstreamCalls()).toBe(calls + 1);

    const next = await ask(proxy, body);
    expect(next.headers.get("x-llm-proxy-cache")).toBe("HIT");
    expect(next.text).toBe(other);
  });

  it("Cache-Control: no-store reads but never writes", async () => {
    const body = fresh();
    const first = await ask(proxy, body, { "cache-control": "no-store" });
    expect(first.headers.get("x-llm-proxy-cache")).toBe("MISS");
    expect((await ask(proxy, body)).headers.get("x-llm-proxy-cache")).toBe("MISS");
    expect((await ask(proxy, body, { "cache-control": "No-Store, max-age=0" })).headers.get("x-llm-proxy-cache")).toBe("HIT");
    expect((await ask(proxy, body, { "cache-control": "no-cache, no-store" })).headers.get("x-llm-proxy-cache")).toBe("BYPASS");
  });

  it("never stores an error answer", async () => {
    const body = fresh();
    upstream.on(
      "POST /v1/chat/completions",
      respond(500, JSON.stringify({ error: { message: "boom", type: "server_error", param: null, code: null } })),
    );
    const failed = await ask(proxy, body);
    expect(failed.status).toBe(500);
    expectError(failed.json());
    upstream.on("POST /v1/chat/completions", respond(200, JSON.stringify({ error: { message: "hidden failure", type: "server_error" } })));
    expect((await ask(proxy, body)).status).toBe(502);

    upstream.on("POST /v1/chat/completions", respond(200, COMPLETION));
    const retried = await ask(proxy, body);
    expect(retried.status).toBe(200);
    expect(retried.headers.get("x-llm-proxy-cache")).toBe("MISS");
  });
});

describe("streams", () => {
  it("stores a streamed answer once it completed and serves it to a JSON request", async () => {
    const body = fresh();
    upstream.on("POST /v1/chat/completions", replaySse(TEXT_STREAM));
    const streamed = await ask(proxy, { ...body, stream: true });
    expect(streamed.headers.get("x-llm-proxy-cache")).toBe("MISS");
    const calls = upstreamCalls();

    const json = await ask(proxy, body);
    expect(json.headers.get("x-llm-proxy-cache")).toBe("HIT");
    expect(upstreamCalls()).toBe(calls);
    const completion = json.json();
    expectCompletion(completion);
    expect(completion).toMatchObject({
      id: recordedChunks[0].id,
      model: recordedChunks[0].model,
      choices: [{ index: 0, message: { role: "assistant", content: recordedText }, finish_reason: "stop" }],
      usage: recordedUsage,
    });
  });

  it("replays a stored JSON answer as a stream, with no delay, honouring include_usage", async () => {
    const body = fresh();
    await ask(proxy, body);
    const stored = JSON.parse(COMPLETION);
    const calls = upstreamCalls();

    const withUsage = await ask(proxy, { ...body, stream: true, stream_options: { include_usage: true } });
    expect(withUsage.headers.get("x-llm-proxy-cache")).toBe("HIT");
    expect(withUsage.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const chunks = chunksOf(withUsage.text);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe(stored.choices[0].message.content);
    expect(chunks.at(-2).choices[0].finish_reason).toBe("stop");
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: stored.usage });

    const withoutUsage = await ask(proxy, { ...body, stream: true });
    expect(chunksOf(withoutUsage.text).every((chunk) => chunk.usage === undefined && chunk.choices.length === 1)).toBe(true);
    expect(upstreamCalls()).toBe(calls);
  });

  it("replays a stored stream to the openai SDK as a stream", async () => {
    const body = fresh();
    upstream.on("POST /v1/chat/completions", replaySse(TEXT_STREAM));
    await ask(proxy, { ...body, stream: true });
    const calls = upstreamCalls();
    const stream = await proxy.client.chat.completions.create({
      model: body.model,
      messages: body.messages as { role: "user"; content: string }[],
      stream: true,
      stream_options: { include_usage: true },
    });
    const { text, usage } = await readSdkStream(stream);
    expect(text).toBe(recordedText);
    expect(usage).toEqual(recordedUsage);
    expect(upstreamCalls()).toBe(calls);
  });

  it.each([
    ["a cut connection", replaySse(TEXT_STREAM, { cutAfter: 3 })],
    [
      "an error event mid-stream",
      replaySse(`${sseEvents(TEXT_STREAM).slice(0, 3).join("")}data: {"error":{"message":"overloaded","type":"server_error"}}\n\n`),
    ],
    ["a stream that ends before finishing", replaySse(sseEvents(TEXT_STREAM).slice(0, 3).join(""))],
  ])("never stores %s", async (_case, handler) => {
    const body = fresh({ stream: true });
    upstream.on("POST /v1/chat/completions", handler);
    const broken = await ask(proxy, body);
    expect(sseData(broken.text).at(-1)).not.toBe("[DONE]");

    upstream.on("POST /v1/chat/completions", replaySse(TEXT_STREAM));
    const retried = await ask(proxy, body);
    expect(retried.headers.get("x-llm-proxy-cache")).toBe("MISS");
    expect(retried.text.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("fails and never stores a two-choice stream that ends with one choice unfinished", async () => {
    const chunk = (index: number, delta: object, finish: string | null = null) =>
      JSON.stringify({
        id: "chatcmpl-n2",
        object: "chat.completion.chunk",
        created: 1,
        model: "gpt-4o",
        choices: [{ index, delta, logprobs: null, finish_reason: finish }],
      });
    const body = fresh({ stream: true, n: 2 });
    upstream.on(
      "POST /v1/chat/completions",
      replaySse(
        toSse([chunk(0, { role: "assistant", content: "A" }), chunk(1, { role: "assistant", content: "B part" }), chunk(0, {}, "stop")]),
      ),
    );
    const broken = await ask(proxy, body);
    const data = sseData(broken.text);
    expect(data.at(-1)).not.toBe("[DONE]");
    expect(JSON.parse(data.at(-1)!).error.code).toBe("upstream_stream_incomplete");

    const again = await ask(proxy, { ...body, stream: false });
    expect(again.headers.get("x-llm-proxy-cache")).toBe("MISS");
  });

  it("relays an upstream's [DONE] that came before a finish_reason, but never stores that answer", async () => {
    const body = fresh({ stream: true });
    const started = sseEvents(TEXT_STREAM).slice(0, 3).join("");
    upstream.on("POST /v1/chat/completions", replaySse(`${started}data: [DONE]\n\n`));
    const first = await ask(proxy, body);
    expect(sseData(first.text).at(-1)).toBe("[DONE]");

    upstream.on("POST /v1/chat/completions", replaySse(TEXT_STREAM));
    expect((await ask(proxy, body)).headers.get("x-llm-proxy-cache")).toBe("MISS");
  });

  it("never stores a stream the client abandoned", async () => {
    const body = fresh({ stream: true });
    upstream.on("POST /v1/chat/completions", replaySse(TEXT_STREAM, { gapMs: 50 }));
    const controller = new AbortController();
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await eventually(() => upstream.requests.at(-1)!.aborted);
    await proxy.app.cache!.settled();

    upstream.on("POST /v1/chat/completions", replaySse(TEXT_STREAM));
    expect((await ask(proxy, body)).headers.get("x-llm-proxy-cache")).toBe("MISS");
  });
});

describe("modes and bounds", () => {
  it("deterministic mode caches only temperature 0 or a seed", async () => {
    const deterministic = await startProxyForTest(config(upstream.url, "{ mode: deterministic }"));
    const warm = fresh({ temperature: 0.7 });
    expect((await ask(deterministic, warm)).headers.get("x-llm-proxy-cache")).toBe("BYPASS");
    expect((await ask(deterministic, warm)).headers.get("x-llm-proxy-cache")).toBe("BYPASS");
    for (const body of [fresh({ temperature: 0 }), fresh({ seed: 42, temperature: 0.7 })]) {
      expect((await ask(deterministic, body)).headers.get("x-llm-proxy-cache")).toBe("MISS");
      expect((await ask(deterministic, body)).headers.get("x-llm-proxy-cache")).toBe("HIT");
    }
  });

  it("sends no cache header and keeps nothing when the cache is off", async () => {
    const off = await startProxyForTest(config(upstream.url, '{ mode: "off" }'));
    expect(off.app.cache).toBeUndefined();
    const body = fresh();
    for (let i = 0; i < 2; i++) expect((await ask(off, body)).headers.get("x-llm-proxy-cache")).toBeNull();
  });

  it("expires entries after ttl_seconds", async () => {
    const shortLived = await startProxyForTest(config(upstream.url, "{ mode: all, ttl_seconds: 1 }"));
    const body = fresh();
    await ask(shortLived, body);
    expect((await ask(shortLived, body)).headers.get("x-llm-proxy-cache")).toBe("HIT");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await ask(shortLived, body)).headers.get("x-llm-proxy-cache")).toBe("MISS");
  });

  it("keeps the memory store within max_entries and max_bytes", async () => {
    const small = await startProxyForTest(config(upstream.url, "{ mode: all, max_entries: 2, max_bytes: 4kb }"));
    const [a, b, c] = [fresh(), fresh(), fresh()];
    for (const body of [a, b, c]) await ask(small, body);
    expect((await ask(small, a)).headers.get("x-llm-proxy-cache")).toBe("MISS");
    expect((await ask(small, c)).headers.get("x-llm-proxy-cache")).toBe("HIT");

    const big = fresh();
    upstream.on("POST /v1/chat/completions", respond(200, JSON.stringify({ ...JSON.parse(COMPLETION), padding: "x".repeat(5000) })));
    await ask(small, big);
    expect((await ask(small, big)).headers.get("x-llm-proxy-cache")).toBe("MISS");
  });

  it.each([
    ["{ mode: sometimes }", "cache.mode: must be one of off, deterministic, all"],
    ["{ mode: all, store: redis }", "cache.redis_url: is required when store is redis"],
    ["{ mode: all, store: redis, redis_url: http://x }", "cache.redis_url: must be a redis:// or rediss:// URL"],
    ["{ mode: all, ttl_seconds: 0 }", "cache.ttl_seconds: must be at least 1"],
    ["{ mode: all, max_bytes: lots }", "cache.max_bytes: must be a size"],
  ])("rejects cache: %s", async (yaml, message) => {
    await expect(startProxyForTest(config(upstream.url, yaml))).rejects.toThrow(message);
  });
});
