import { getEncoding } from "js-tiktoken";
import { describe, expect, it } from "vitest";
import { asFloat32, expectErrorAnswer, providersConfig } from "../helpers/embeddings.js";
import { fixture } from "../helpers/files.js";
import { respond } from "../helpers/mock-answers.js";
import { expectEmbeddings } from "../helpers/openai-schema.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";

const SINGLE = fixture("ollama/api-embed.documented.json");
const BATCH = fixture("ollama/api-embed-batch.documented.json");
const vectorsOf = (text: string) => (JSON.parse(text) as { embeddings: number[][] }).embeddings;

const { upstream, proxy } = useProxyAgainstMock((url) => providersConfig({ ollama: { type: "ollama", base_url: url } }));

describe("Ollama embeddings (/api/embed)", () => {
  it("sends the documented request and gives the SDK the documented values as float32, with prompt_eval_count as usage", async () => {
    upstream.on("POST /api/embed", respond(200, SINGLE));
    const from = upstream.requests.length;
    const answer = await proxy.client.embeddings.create({ model: "ollama/all-minilm", input: "Why is the sky blue?" });
    const [sent] = upstream.requests.slice(from);
    expect(sent!.url).toBe("/api/embed");
    expect(sent!.json()).toEqual(JSON.parse(fixture("ollama/api-embed.documented.request.json")));
    expect(sent!.headers.authorization).toBeUndefined();
    expect(answer.data[0]!.embedding).toEqual(asFloat32(vectorsOf(SINGLE)[0]!));
    expect(answer.usage).toEqual({ prompt_tokens: 8, total_tokens: 8 });
    expect(answer.model).toBe("all-minilm");
  });

  it("answers floats in OpenAI's shape, and counts the prompt with js-tiktoken when Ollama reports no count", async () => {
    upstream.on("POST /api/embed", respond(200, BATCH));
    const input = ["Why is the sky blue?", "Why is the grass green?"];
    const response = await proxy.post("/v1/embeddings", { model: "ollama/all-minilm", input });
    expect(response.status).toBe(200);
    expectEmbeddings(response.json());
    const answer = response.json();
    expect(answer.data.map((item: { embedding: number[] }) => item.embedding)).toEqual(vectorsOf(BATCH));
    const encoding = getEncoding("cl100k_base");
    const tokens = input.reduce((sum, text) => sum + encoding.encode(text).length, 0);
    expect(answer.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
  });

  it("passes dimensions and Ollama's own truncate, options and keep_alive", async () => {
    upstream.on("POST /api/embed", respond(200, SINGLE));
    const from = upstream.requests.length;
    await proxy.post("/v1/embeddings", {
      model: "ollama/all-minilm",
      input: ["Why is the sky blue?"],
      dimensions: 10,
      truncate: false,
      options: { num_ctx: 512 },
      keep_alive: "10m",
      user: "u-1",
      encoding_format: "base64",
    });
    expect(upstream.requests[from]!.json()).toEqual({
      model: "all-minilm",
      input: ["Why is the sky blue?"],
      truncate: false,
      dimensions: 10,
      options: { num_ctx: 512 },
      keep_alive: "10m",
    });
  });

  it("refuses a truncate that is not a boolean, before any upstream call", async () => {
    const from = upstream.requests.length;
    const response = await proxy.post("/v1/embeddings", { model: "ollama/all-minilm", input: "x", truncate: "yes" });
    expectErrorAnswer(response, 400, { param: "truncate", code: "invalid_type" });
    expect(upstream.requests.length).toBe(from);
  });

  it("answers a model that is not installed with the recorded 404 as model_not_found", async () => {
    upstream.on("POST /api/embed", respond(404, fixture("ollama/error-model-not-found.json")));
    const response = await proxy.post("/v1/embeddings", { model: "ollama/llama9", input: "x" });
    expectErrorAnswer(response, 404, { code: "model_not_found", message: 'model "llama9" not found, try pulling it first' });
  });
});
