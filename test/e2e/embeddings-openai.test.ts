import { describe, expect, it } from "vitest";
import { answerJson, asFloat32, decodeBase64Vector, expectErrorAnswer, providersConfig, recordedVectors } from "../helpers/embeddings.js";
import { fixture } from "../helpers/files.js";
import { respond } from "../helpers/mock-answers.js";
import { expectEmbeddings, expectError } from "../helpers/openai-schema.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";

const FLOAT = fixture("openai/embeddings-float.json");
const FLOAT_768 = fixture("openai/embeddings-float-dims768.json");
const BASE64 = fixture("openai/embeddings-base64.json");
const MISTRAL = fixture("mistral/embeddings.json");
const MISTRAL_BATCH = fixture("mistral/embeddings-batch.json");
const RUBY = "Ruby is a programmer's best friend";
const PARIS = "The capital of France is Paris.";

const { upstream, proxy } = useProxyAgainstMock((url) =>
  providersConfig({
    openai: { type: "openai", base_url: `${url}/openai/v1`, api_key: "sk-openai-test" },
    lmstudio: { type: "openai", base_url: `${url}/lmstudio/v1` },
    mistral: { type: "mistral", base_url: `${url}/mistral/v1`, api_key: "mistral-test-key" },
    qwen: { type: "qwen", base_url: `${url}/qwen/compatible-mode/v1`, api_key: "sk-dashscope-test" },
  }),
);

/** What the mock received at `path`, as JSON, for the requests made since `from`. */
function sentTo(path: string, from = 0): any[] {
  return upstream.requests
    .slice(from)
    .filter((request) => request.url === path)
    .map((request) => request.json());
}

describe("OpenAI: pass-through", () => {
  it("relays a float answer byte for byte, with the routed model name upstream", async () => {
    upstream.on("POST /openai/v1/embeddings", respond(200, FLOAT));
    const from = upstream.requests.length;
    const response = await proxy.post("/v1/embeddings", { model: "openai/text-embedding-3-small", input: RUBY });
    expect(response.status).toBe(200);
    expect(response.text).toBe(FLOAT);
    expect(response.headers.get("x-llm-proxy-provider")).toBe("openai");
    expectEmbeddings(response.json());
    const [sent] = upstream.requests.slice(from);
    expect(sent!.url).toBe("/openai/v1/embeddings");
    expect(sent!.headers.authorization).toBe("Bearer sk-openai-test");
    expect(sent!.json()).toEqual({ model: "text-embedding-3-small", input: RUBY });
  });

  it("passes dimensions, token arrays and unknown fields through unchanged", async () => {
    upstream.on("POST /openai/v1/embeddings", respond(200, FLOAT_768));
    const from = upstream.requests.length;
    const request = { model: "openai/text-embedding-3-small", input: [[1212, 318, 257]], dimensions: 768, user: "u-1", extra: { a: 1 } };
    const response = await proxy.post("/v1/embeddings", request);
    expect(response.status).toBe(200);
    expect(response.text).toBe(FLOAT_768);
    expect(sentTo("/openai/v1/embeddings", from)).toEqual([{ ...request, model: "text-embedding-3-small" }]);
  });

  it("relays a base64 answer byte for byte, and the SDK decodes the recorded float32 values", async () => {
    upstream.on("POST /openai/v1/embeddings", respond(200, BASE64));
    const from = upstream.requests.length;
    const raw = await proxy.post("/v1/embeddings", { model: "openai/text-embedding-3-small", input: [PARIS], encoding_format: "base64" });
    expect(raw.text).toBe(BASE64);
    expectEmbeddings(raw.json());

    const answer = await proxy.client.embeddings.create({ model: "openai/text-embedding-3-small", input: [PARIS] });
    expect(sentTo("/openai/v1/embeddings", from).map((body) => body.encoding_format)).toEqual(["base64", "base64"]);
    const recorded = decodeBase64Vector(recordedVectors("openai/embeddings-base64.json")[0] as string);
    expect(answer.data[0]!.embedding).toEqual(recorded);
    expect(answer.data[0]!.embedding).toHaveLength(1536);
    expect(answer.usage).toEqual({ prompt_tokens: 7, total_tokens: 7 });
  });

  it("keeps the upstream's error status and body shape (the recorded 404)", async () => {
    upstream.on("POST /openai/v1/embeddings", respond(404, fixture("errors/openai-embeddings-model-not-found-404.json")));
    const response = await proxy.post("/v1/embeddings", {
      model: "openai/nonexistent",
      input: ["Hello, world!"],
      encoding_format: "base64",
    });
    expect(response.status).toBe(404);
    expectError(response.json());
    expect(response.json().error).toEqual({
      message: "The model `nonexistent` does not exist or you do not have access to it.",
      type: "invalid_request_error",
      param: null,
      code: "model_not_found",
    });
  });

  it("answers a 200 that carries an error body as a 502, never as vectors", async () => {
    upstream.on("POST /openai/v1/embeddings", respond(200, fixture("errors/openai-embeddings-context-length-400.json")));
    const response = await proxy.post("/v1/embeddings", { model: "openai/text-embedding-3-small", input: "x".repeat(10) });
    expect(response.status).toBe(502);
    expect(response.json().error.message).toContain("maximum context length is 8191 tokens");
  });
});

describe("an OpenAI-compatible server that answers floats to a base64 request (LM Studio, LiteLLM's Ollama bug)", () => {
  it("gets its floats encoded by the proxy: the SDK reads every recorded value as float32, not a quarter-length vector", async () => {
    upstream.on("POST /lmstudio/v1/embeddings", respond(200, FLOAT));
    const answer = await proxy.client.embeddings.create({ model: "lmstudio/text-embedding-3-small", input: RUBY });
    const recorded = recordedVectors("openai/embeddings-float.json")[0] as number[];
    expect(answer.data[0]!.embedding).toHaveLength(1536);
    expect(answer.data[0]!.embedding).toEqual(asFloat32(recorded));
    expect(answer.usage).toEqual({ prompt_tokens: 7, total_tokens: 7 });
  });

  it("writes the encoded answer in OpenAI's exact form", async () => {
    upstream.on("POST /lmstudio/v1/embeddings", respond(200, FLOAT));
    const response = await proxy.post("/v1/embeddings", {
      model: "lmstudio/text-embedding-3-small",
      input: RUBY,
      encoding_format: "base64",
    });
    expectEmbeddings(response.json());
    const vector = Buffer.from(Float32Array.from(recordedVectors("openai/embeddings-float.json")[0] as number[]).buffer).toString("base64");
    expect(response.text).toBe(
      `{"object":"list","data":[{"object":"embedding","index":0,"embedding":"${vector}"}],"model":"text-embedding-3-small","usage":{"prompt_tokens":7,"total_tokens":7}}`,
    );
  });

  it("decodes a base64 answer to a float request into floats", async () => {
    upstream.on("POST /lmstudio/v1/embeddings", respond(200, BASE64));
    const response = await proxy.post("/v1/embeddings", {
      model: "lmstudio/text-embedding-3-small",
      input: [PARIS],
      encoding_format: "float",
    });
    expectEmbeddings(response.json());
    expect(response.json().data[0].embedding).toEqual(decodeBase64Vector(recordedVectors("openai/embeddings-base64.json")[0] as string));
  });

  it("answers a vector list that does not match the inputs as a 502", async () => {
    upstream.on("POST /lmstudio/v1/embeddings", respond(200, FLOAT));
    const response = await proxy.post("/v1/embeddings", { model: "lmstudio/m", input: ["one", "two"], encoding_format: "base64" });
    expect(response.status).toBe(502);
    expect(response.json().error).toMatchObject({ type: "upstream_error", code: "bad_upstream_response" });
    expect(response.json().error.message).toContain("1 embeddings for 2 inputs");
  });
});

describe("Mistral", () => {
  it("relays the recorded float answer byte for byte, sending only Mistral's fields", async () => {
    upstream.on("POST /mistral/v1/embeddings", respond(200, MISTRAL));
    const from = upstream.requests.length;
    const response = await proxy.post("/v1/embeddings", {
      model: "mistral/mistral-embed",
      input: RUBY,
      user: "u-1",
      encoding_format: "float",
    });
    expect(response.status).toBe(200);
    expect(response.text).toBe(MISTRAL);
    expectEmbeddings(response.json());
    expect(sentTo("/mistral/v1/embeddings", from)).toEqual([{ model: "mistral-embed", input: RUBY }]);
    expect(upstream.requests.at(-1)!.headers.authorization).toBe("Bearer mistral-test-key");
  });

  it("sends dimensions as output_dimension, and Mistral's own output_dtype", async () => {
    upstream.on("POST /mistral/v1/embeddings", respond(200, MISTRAL));
    const from = upstream.requests.length;
    await proxy.post("/v1/embeddings", { model: "mistral/codestral-embed", input: [RUBY], dimensions: 256, output_dtype: "float" });
    expect(sentTo("/mistral/v1/embeddings", from)).toEqual([
      { model: "codestral-embed", input: [RUBY], output_dimension: 256, output_dtype: "float" },
    ]);
  });

  it("asks Mistral for floats and encodes them for the SDK's default base64: the recorded values, as float32", async () => {
    upstream.on("POST /mistral/v1/embeddings", respond(200, MISTRAL_BATCH));
    const from = upstream.requests.length;
    const answer = await proxy.client.embeddings.create({ model: "mistral/mistral-embed", input: ["Ruby", "Python", "JavaScript"] });
    expect(sentTo("/mistral/v1/embeddings", from)).toEqual([{ model: "mistral-embed", input: ["Ruby", "Python", "JavaScript"] }]);
    const recorded = recordedVectors("mistral/embeddings-batch.json") as number[][];
    expect(answer.data.map((item) => item.embedding)).toEqual(recorded.map(asFloat32));
    expect(answer.data.map((item) => item.index)).toEqual([0, 1, 2]);
    expect(answer.usage).toEqual({ prompt_tokens: 9, total_tokens: 9 });
  });

  it("refuses token arrays with a 400 before any upstream call", async () => {
    const from = upstream.requests.length;
    const response = await proxy.post("/v1/embeddings", { model: "mistral/mistral-embed", input: [1, 2, 3] });
    expectErrorAnswer(response, 400, { param: "input", code: "unsupported_value" });
    expect(response.json().error.message).toContain("provider 'mistral' (mistral) embeds texts only");
    expect(upstream.requests.length).toBe(from);
  });
});

describe("Qwen (DashScope's compatible mode)", () => {
  /** DashScope's documented answer shape (OpenAI's, with an `id`), one distinct vector per input. */
  const dashscope = answerJson((request: { input: string[] }) => ({
    data: request.input.map((text, index) => ({ embedding: [Number(text.slice(1)), 0.5], index, object: "embedding" })),
    model: "text-embedding-v4",
    object: "list",
    usage: { prompt_tokens: request.input.length * 2, total_tokens: request.input.length * 2 },
    id: "73591b79-d194-9bca-8bb5-000000000000",
  }));

  it("is asked for floats (the only encoding DashScope documents) and answers the SDK's base64", async () => {
    upstream.on("POST /qwen/compatible-mode/v1/embeddings", dashscope);
    const from = upstream.requests.length;
    const answer = await proxy.client.embeddings.create({ model: "qwen/text-embedding-v4", input: ["t1", "t2"], dimensions: 64 });
    expect(sentTo("/qwen/compatible-mode/v1/embeddings", from)).toEqual([
      { model: "text-embedding-v4", input: ["t1", "t2"], dimensions: 64 },
    ]);
    expect(answer.data.map((item) => item.embedding)).toEqual([
      [1, 0.5],
      [2, 0.5],
    ]);
  });

  it("splits 25 inputs into calls of at most 10 and joins their vectors in order", async () => {
    upstream.on("POST /qwen/compatible-mode/v1/embeddings", dashscope);
    const from = upstream.requests.length;
    const input = Array.from({ length: 25 }, (_, i) => `t${i}`);
    const response = await proxy.post("/v1/embeddings", { model: "qwen/text-embedding-v4", input });
    expect(response.status).toBe(200);
    expectEmbeddings(response.json());
    const sent = sentTo("/qwen/compatible-mode/v1/embeddings", from);
    expect(sent.map((body) => body.input.length)).toEqual([10, 10, 5]);
    expect(sent.flatMap((body) => body.input)).toEqual(input);
    const answer = response.json();
    expect(answer.data.map((item: { index: number }) => item.index)).toEqual(input.map((_, i) => i));
    expect(answer.data.map((item: { embedding: number[] }) => item.embedding[0])).toEqual(input.map((_, i) => i));
    expect(answer.usage).toEqual({ prompt_tokens: 50, total_tokens: 50 });
    expect(response.headers.get("x-llm-proxy-attempts")).toBe("1");
  });
});
