import { describe, expect, it } from "vitest";
import { asFloat32, decodeBase64Vector, providersConfig, recordedVectors } from "../helpers/embeddings.js";
import { scrape, total } from "../helpers/metrics.js";
import { fixture } from "../helpers/files.js";
import { respond } from "../helpers/mock-answers.js";
import { expectEmbeddings } from "../helpers/openai-schema.js";
import { type RawResponse, useProxyAgainstMock } from "../helpers/proxy.js";

const GEMINI = fixture("gemini/batch-embed-contents.json");
const GEMINI_VALUES = (JSON.parse(GEMINI) as { embeddings: Array<{ values: number[] }> }).embeddings.map((item) => item.values);
const OPENAI_BASE64 = fixture("openai/embeddings-base64.json");
const TEXTS = ["First text", "Second text"];

const { upstream, proxy } = useProxyAgainstMock(
  (url) =>
    `cache: { mode: deterministic, store: memory }\n${providersConfig({
      gemini: { type: "gemini", base_url: url, api_key: "gemini-test-key" },
      openai: { type: "openai", base_url: `${url}/v1`, api_key: "sk-test" },
    })}`,
);

/** Upstream calls made while `run` ran. */
async function callsDuring(run: () => Promise<unknown>): Promise<number> {
  const from = upstream.requests.length;
  await run();
  return upstream.requests.length - from;
}

describe("the embeddings cache", () => {
  it("serves an entry first stored as base64 (the SDK's default) byte for byte, and to float clients as its float32 values", async () => {
    upstream.on("POST /v1beta/models/gemini-embedding-2:batchEmbedContents", respond(200, GEMINI));
    const request = { model: "gemini/gemini-embedding-2", input: TEXTS, dimensions: 768 };
    let first: Awaited<ReturnType<typeof proxy.client.embeddings.create>> | undefined;
    expect(await callsDuring(async () => (first = await proxy.client.embeddings.create(request)))).toBe(1);
    await proxy.app.cache!.settled();

    let floats: RawResponse | undefined;
    expect(
      await callsDuring(async () => {
        expect(await proxy.client.embeddings.create(request)).toEqual(first);
        floats = await proxy.post("/v1/embeddings", { ...request, encoding_format: "float" });
      }),
    ).toBe(0);
    expect(first!.data.map((item) => item.embedding)).toEqual(GEMINI_VALUES.map(asFloat32));
    expect(floats!.headers.get("x-llm-proxy-cache")).toBe("HIT");
    expectEmbeddings(floats!.json());
    expect(floats!.json().data.map((item: { embedding: number[] }) => item.embedding)).toEqual(GEMINI_VALUES.map(asFloat32));
    expect(floats!.json().usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
  });

  it("serves an entry first stored as floats byte for byte, and to base64 clients as the bytes a miss would have sent", async () => {
    upstream.on("POST /v1beta/models/gemini-embedding-2:batchEmbedContents", respond(200, GEMINI));
    const request = { model: "gemini/gemini-embedding-2", input: TEXTS, task_type: "SEMANTIC_SIMILARITY" };
    const uncachedBase64 = await proxy.post("/v1/embeddings", { ...request, task_type: "CLASSIFICATION", encoding_format: "base64" });
    let miss: RawResponse | undefined;
    expect(await callsDuring(async () => (miss = await proxy.post("/v1/embeddings", request)))).toBe(1);
    await proxy.app.cache!.settled();
    expect(miss!.json().data.map((item: { embedding: number[] }) => item.embedding)).toEqual(GEMINI_VALUES);

    let hits: RawResponse[] = [];
    expect(
      await callsDuring(async () => {
        hits = [await proxy.post("/v1/embeddings", request), await proxy.post("/v1/embeddings", { ...request, encoding_format: "base64" })];
      }),
    ).toBe(0);
    expect(hits.map((hit) => hit.headers.get("x-llm-proxy-cache"))).toEqual(["HIT", "HIT"]);
    expect(hits[0]!.text).toBe(miss!.text);
    expect(hits[1]!.text).toBe(uncachedBase64.text);
  });

  it("keys on what changes a vector: the inputs and dimensions, not the encoding, the user or a lone input's brackets", async () => {
    upstream.on("POST /v1beta/models/gemini-embedding-001:batchEmbedContents", respond(200, GEMINI));
    const base = { model: "gemini/gemini-embedding-001", input: TEXTS };
    expect(await callsDuring(() => proxy.post("/v1/embeddings", base))).toBe(1);
    await proxy.app.cache!.settled();
    expect(await callsDuring(() => proxy.post("/v1/embeddings", { ...base, user: "someone", encoding_format: "base64" }))).toBe(0);
    expect(await callsDuring(() => proxy.post("/v1/embeddings", { ...base, dimensions: 768 }))).toBe(1);
    expect(await callsDuring(() => proxy.post("/v1/embeddings", { ...base, task_type: "RETRIEVAL_QUERY" }))).toBe(1);
    expect(await callsDuring(() => proxy.post("/v1/embeddings", { ...base, input: [...TEXTS].reverse() }))).toBe(1);

    upstream.on("POST /v1/embeddings", respond(200, fixture("openai/embeddings-float.json")));
    const lone = { model: "openai/text-embedding-3-small", input: "Ruby is a programmer's best friend" };
    expect(await callsDuring(() => proxy.post("/v1/embeddings", lone))).toBe(1);
    await proxy.app.cache!.settled();
    const bracketed = await proxy.post("/v1/embeddings", { ...lone, input: [lone.input] });
    expect(bracketed.headers.get("x-llm-proxy-cache")).toBe("HIT");
    expect(bracketed.text).toBe(fixture("openai/embeddings-float.json"));
  });

  it("keeps an upstream's own base64 answer and serves it byte for byte, or decoded for a float client", async () => {
    upstream.on("POST /v1/embeddings", respond(200, OPENAI_BASE64));
    const request = { model: "openai/text-embedding-3-small", input: ["The capital of France is Paris."] };
    expect(await callsDuring(() => proxy.post("/v1/embeddings", { ...request, encoding_format: "base64" }))).toBe(1);
    await proxy.app.cache!.settled();
    const hit = await proxy.post("/v1/embeddings", { ...request, encoding_format: "base64" });
    expect(hit.headers.get("x-llm-proxy-cache")).toBe("HIT");
    expect(hit.text).toBe(OPENAI_BASE64);
    const floats = await proxy.post("/v1/embeddings", request);
    expect(floats.headers.get("x-llm-proxy-cache")).toBe("HIT");
    expectEmbeddings(floats.json());
    expect(floats.json().data[0].embedding).toEqual(decodeBase64Vector(recordedVectors("openai/embeddings-base64.json")[0] as string));
    expect(floats.json().usage).toEqual({ prompt_tokens: 7, total_tokens: 7 });
  });

  it("counts hits and the dollars they saved", async () => {
    upstream.on("POST /v1beta/models/gemini-embedding-2:batchEmbedContents", respond(200, GEMINI));
    const request = { model: "gemini/gemini-embedding-2", input: TEXTS, task_type: "CLUSTERING" };
    expect((await proxy.post("/v1/embeddings", request)).headers.get("x-llm-proxy-cache")).toBe("MISS");
    await proxy.app.cache!.settled();
    const before = await scrape(proxy);
    expect((await proxy.post("/v1/embeddings", request)).headers.get("x-llm-proxy-cache")).toBe("HIT");
    const after = await scrape(proxy);
    const labels = { provider: "gemini", model: "gemini-embedding-2" };
    const delta = (name: string, extra = {}) => total(after, name, { ...labels, ...extra }) - total(before, name, { ...labels, ...extra });
    expect(delta("llm_proxy_requests_total", { cache: "hit", status_code: "200" })).toBe(1);
    expect(delta("llm_proxy_tokens_total")).toBe(0);
    expect(delta("llm_proxy_cache_saved_usd_total")).toBeCloseTo((4 * 0.2) / 1_000_000, 15);
  });
});
