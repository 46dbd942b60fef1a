import { getEncoding } from "js-tiktoken";
import { describe, expect, it } from "vitest";
import { answerJson, asFloat32, expectErrorAnswer, providersConfig } from "../helpers/embeddings.js";
import { scrape, total } from "../helpers/metrics.js";
import { fixture } from "../helpers/files.js";
import { respond, stall } from "../helpers/mock-answers.js";
import { eventually } from "../helpers/eventually.js";
import type { RecordedRequest } from "../helpers/mock-upstream.js";
import { expectEmbeddings } from "../helpers/openai-schema.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";

const RECORDED_REQUEST = fixture("gemini/batch-embed-contents.request.json");
const RECORDED = fixture("gemini/batch-embed-contents.json");
const RECORDED_VALUES = (JSON.parse(RECORDED) as { embeddings: Array<{ values: number[] }> }).embeddings.map((item) => item.values);
const KEY = "AIza-embeddings-test-key";
const EMBED_2 = "POST /v1beta/models/gemini-embedding-2:batchEmbedContents";
const EMBED_001 = "POST /v1beta/models/gemini-embedding-001:batchEmbedContents";

const { upstream, proxy } = useProxyAgainstMock((url) => providersConfig({ gemini: { type: "gemini", base_url: url, api_key: KEY } }));

/** Gemini's answer for any batch: per entry a vector made from its text (`t17` → [17, 0.25]), and one token per entry. */
const numberedVectors = answerJson((request: { requests: Array<{ content: { parts: Array<{ text: string }> } }> }) => ({
  embeddings: request.requests.map((entry) => ({ values: [Number(entry.content.parts[0]!.text.slice(1)), 0.25] })),
  usageMetadata: { promptTokenCount: request.requests.length },
}));

const firstText = (request: RecordedRequest): string => request.json().requests[0].content.parts[0].text;

describe("Gemini embeddings", () => {
  it("sends the recorded batchEmbedContents request and gives the SDK the recorded values as float32", async () => {
    upstream.on(EMBED_2, respond(200, RECORDED));
    const from = upstream.requests.length;
    const answer = await proxy.client.embeddings.create({
      model: "gemini/gemini-embedding-2",
      input: ["First text", "Second text"],
      dimensions: 768,
    });
    const [sent] = upstream.requests.slice(from);
    expect(sent!.url).toBe("/v1beta/models/gemini-embedding-2:batchEmbedContents");
    expect(sent!.body).toBe(RECORDED_REQUEST);
    expect(sent!.headers["x-goog-api-key"]).toBe(KEY);
    expect(answer.data.map((item) => item.embedding)).toEqual(RECORDED_VALUES.map(asFloat32));
    expect(answer.data.map((item) => item.embedding.length)).toEqual([768, 768]);
    expect(answer.model).toBe("gemini-embedding-2");
    expect(answer.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
  });

  it("answers floats with Gemini's own numbers, in OpenAI's shape", async () => {
    upstream.on(EMBED_2, respond(200, RECORDED));
    const response = await proxy.post("/v1/embeddings", { model: "gemini/gemini-embedding-2", input: ["First text", "Second text"] });
    expect(response.status).toBe(200);
    expectEmbeddings(response.json());
    const answer = response.json();
    expect(answer.object).toBe("list");
    expect(answer.data.map((item: { embedding: number[] }) => item.embedding)).toEqual(RECORDED_VALUES);
    expect(answer.data.map((item: { object: string; index: number }) => [item.object, item.index])).toEqual([
      ["embedding", 0],
      ["embedding", 1],
    ]);
  });

  it("sends a client's task_type as taskType", async () => {
    upstream.on(EMBED_2, respond(200, RECORDED));
    const from = upstream.requests.length;
    await proxy.post("/v1/embeddings", {
      model: "gemini/gemini-embedding-2",
      input: ["First text", "Second text"],
      task_type: "RETRIEVAL_QUERY",
    });
    const entries = upstream.requests[from]!.json().requests;
    expect(entries.map((entry: { taskType: string }) => entry.taskType)).toEqual(["RETRIEVAL_QUERY", "RETRIEVAL_QUERY"]);
  });

  it("counts tokens with js-tiktoken when Gemini reports none (gemini-embedding-001), and says so in the metrics", async () => {
    const { usageMetadata: _none, ...withoutUsage } = JSON.parse(RECORDED);
    upstream.on(EMBED_001, respond(200, JSON.stringify(withoutUsage)));
    const before = await scrape(proxy);
    const answer = await proxy.client.embeddings.create({ model: "gemini/gemini-embedding-001", input: ["First text", "Second text"] });
    const encoding = getEncoding("cl100k_base");
    const expected = encoding.encode("First text").length + encoding.encode("Second text").length;
    expect(answer.usage).toEqual({ prompt_tokens: expected, total_tokens: expected });
    const after = await scrape(proxy);
    const labels = { provider: "gemini", model: "gemini-embedding-001", type: "input" };
    expect(total(after, "llm_proxy_estimated_tokens_total", labels) - total(before, "llm_proxy_estimated_tokens_total", labels)).toBe(
      expected,
    );
    expect(total(after, "llm_proxy_tokens_total", labels) - total(before, "llm_proxy_tokens_total", labels)).toBe(expected);
  });

  it("counts requests, tokens and dollars at gemini-embedding-2's price", async () => {
    upstream.on(EMBED_2, respond(200, RECORDED));
    const before = await scrape(proxy);
    await proxy.client.embeddings.create({ model: "gemini/gemini-embedding-2", input: ["First text", "Second text"] });
    const after = await scrape(proxy);
    const labels = { provider: "gemini", model: "gemini-embedding-2" };
    const delta = (name: string, extra = {}) => total(after, name, { ...labels, ...extra }) - total(before, name, { ...labels, ...extra });
    expect(delta("llm_proxy_requests_total", { status_code: "200", cache: "bypass" })).toBe(1);
    expect(delta("llm_proxy_tokens_total", { type: "input" })).toBe(4);
    expect(delta("llm_proxy_tokens_total", { type: "output" })).toBe(0);
    expect(delta("llm_proxy_cost_usd_total")).toBeCloseTo((4 * 0.2) / 1_000_000, 15);
    expect(delta("llm_proxy_request_duration_seconds_count")).toBe(1);
  });

  it("splits 250 inputs into calls of 100, 100 and 50 and joins the vectors in input order", async () => {
    upstream.on(EMBED_001, numberedVectors);
    const from = upstream.requests.length;
    const input = Array.from({ length: 250 }, (_, i) => `t${i}`);
    const response = await proxy.post("/v1/embeddings", { model: "gemini/gemini-embedding-001", input, dimensions: 2 });
    expect(response.status).toBe(200);
    expectEmbeddings(response.json());
    const sent = upstream.requests.slice(from).map((request) => request.json().requests);
    expect(sent.map((entries) => entries.length).sort()).toEqual([100, 100, 50].sort());
    expect(
      sent.flat().every((entry: { model: string; outputDimensionality: number }) => entry.model === "models/gemini-embedding-001"),
    ).toBe(true);
    expect(sent.flat().every((entry: { outputDimensionality: number }) => entry.outputDimensionality === 2)).toBe(true);
    const answer = response.json();
    expect(answer.data.map((item: { index: number; embedding: number[] }) => [item.index, item.embedding[0]])).toEqual(
      input.map((_, i) => [i, i]),
    );
    expect(answer.usage).toEqual({ prompt_tokens: 250, total_tokens: 250 });
    expect(response.headers.get("x-llm-proxy-attempts")).toBe("1");
  });

  it("fails the whole request when one batch fails (the recorded 429, retry-after kept), and stops the batch still running", async () => {
    const stalled: RecordedRequest[] = [];
    upstream.on(EMBED_001, async (request, res) => {
      const first = firstText(request);
      if (first === "t100") return respond(429, fixture("errors/gemini-quota-429.json"))(request, res);
      if (first === "t200") {
        stalled.push(request);
        return stall()(request, res);
      }
      return numberedVectors(request, res);
    });
    const input = Array.from({ length: 250 }, (_, i) => `t${i}`);
    const response = await proxy.post("/v1/embeddings", { model: "gemini/gemini-embedding-001", input });
    expectErrorAnswer(response, 429, { type: "rate_limit_error", code: "resource_exhausted" });
    expect(response.json().error.message).toContain("You exceeded your current quota");
    expect(response.headers.get("retry-after")).toBe("48");
    expect(response.text).not.toContain(KEY);
    await eventually(() => stalled.length === 1 && stalled[0]!.aborted);
  });

  it("keeps the recorded 404 for an unknown model", async () => {
    upstream.on(
      "POST /v1beta/models/nonexistent-model:batchEmbedContents",
      respond(404, fixture("errors/gemini-embed-model-not-found-404.json")),
    );
    const response = await proxy.post("/v1/embeddings", { model: "gemini/nonexistent-model", input: "Hello, world!" });
    expectErrorAnswer(response, 404, { type: "not_found_error", code: "not_found" });
    expect(response.json().error.message).toContain("models/nonexistent-model is not found for API version v1beta");
  });

  it("answers a malformed answer as a 502", async () => {
    upstream.on(EMBED_2, respond(200, '{"embeddings":[{"values":"nope"}]}'));
    const response = await proxy.post("/v1/embeddings", { model: "gemini/gemini-embedding-2", input: "x" });
    expect(response.status).toBe(502);
    expect(response.json().error).toMatchObject({ type: "upstream_error", code: "bad_upstream_response" });
  });

  it("refuses token arrays before any upstream call", async () => {
    const from = upstream.requests.length;
    const response = await proxy.post("/v1/embeddings", { model: "gemini/gemini-embedding-2", input: [[1, 2], [3]] });
    expect(response.status).toBe(400);
    expect(response.json().error).toMatchObject({ param: "input", code: "unsupported_value" });
    expect(upstream.requests.length).toBe(from);
  });
});
