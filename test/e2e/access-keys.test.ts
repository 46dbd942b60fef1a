import OpenAI from "openai";
import { beforeAll, describe, expect, it } from "vitest";
import { chatAnswers } from "../helpers/chat-answers.js";
import { scrape, total } from "../helpers/metrics.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";
import { assertMatchesSchema } from "../helpers/openai-schema.js";

const MASTER = "sk-master-0123456789abcdefghijklmnop";
const FRONTEND = "sk-frontend-0123456789abcdefghijklmn";
const BATCH = "sk-batch-0123456789abcdefghijklmnopqr";

const { upstream, proxy } = useProxyAgainstMock(
  (url) => `
providers:
  openai:
    type: openai
    base_url: ${url}/v1
    api_key: sk-upstream-secret-abcdef
    models: [gpt-4o-mini, gpt-4o, o3-mini]
routes:
  - { match: "*", provider: openai }
auth:
  master_key: \${MASTER}
  keys:
    - { name: frontend, key: "\${FRONTEND}", models: ["gpt-4o-mini", "o3*"] }
    - { name: batch, key: "\${BATCH}" }
`,
  { MASTER, FRONTEND, BATCH },
);
beforeAll(() => upstream.on("POST /v1/chat/completions", chatAnswers({ prompt_tokens: 10, completion_tokens: 5 })));

const client = (apiKey: string, maxRetries = 0) => new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey, maxRetries });
const ask = (model = "gpt-4o-mini") => ({ model, messages: [{ role: "user" as const, content: "Hi" }] });
const chat = (headers: Record<string, string>, model = "gpt-4o-mini") => proxy.post("/v1/chat/completions", ask(model), headers);

describe("authentication", () => {
  it("answers a request without a key with OpenAI's 401, before reading the body or calling upstream", async () => {
    const before = upstream.requests.length;
    const response = await proxy.post("/v1/chat/completions", "{not json");
    expect(response.status).toBe(401);
    const body = response.json();
    assertMatchesSchema("ErrorResponse", body);
    expect(body.error).toMatchObject({ type: "invalid_request_error", param: null, code: null });
    expect(body.error.message).toMatch(/^You didn't provide an API key\. .*Authorization: Bearer YOUR_KEY/);
    expect(upstream.requests.length).toBe(before);
  });

  it("quotes a wrong key masked, in OpenAI's words, and the SDK raises AuthenticationError", async () => {
    const wrong = "sk-wrong-key-abcdefghijklmnopqrstuvwxyz1234";
    const response = await chat({ authorization: `Bearer ${wrong}` });
    expect(response.status).toBe(401);
    expect(response.json().error).toEqual({
      message: `Incorrect API key provided: sk-wrong${"*".repeat(wrong.length - 12)}1234. Ask this proxy's administrator for a valid key.`,
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    });
    expect(response.text).not.toContain(wrong);
    const error = await client(wrong)
      .chat.completions.create(ask())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(proxy.logs.join("\n")).not.toContain(wrong);
  });

  it("takes the key as a Bearer token, as x-api-key or as api-key", async () => {
    const ways: Record<string, string>[] = [
      { authorization: `Bearer ${BATCH}` },
      { "x-api-key": BATCH },
      { "api-key": BATCH },
      { authorization: `bearer ${MASTER}` },
    ];
    for (const headers of ways) {
      const response = await chat(headers);
      expect(response.status, JSON.stringify(headers)).toBe(200);
    }
    const completion = await client(FRONTEND).chat.completions.create(ask());
    expect(completion.choices[0]?.message.content).toBe("Hello!");
  });

  it("never forwards the client's key upstream", async () => {
    await chat({ authorization: `Bearer ${FRONTEND}` });
    const sent = upstream.requests.at(-1)!;
    expect(sent.headers.authorization).toBe("Bearer sk-upstream-secret-abcdef");
    expect(JSON.stringify(sent.headers)).not.toContain(FRONTEND);
  });

  it("leaves /healthz, /readyz and /metrics open, and asks for a key everywhere else", async () => {
    expect((await proxy.get("/healthz")).status).toBe(200);
    expect((await proxy.get("/readyz")).status).toBe(200);
    expect((await proxy.get("/metrics")).status).toBe(200);
    const models = await proxy.get("/v1/models");
    expect(models.status).toBe(401);
    assertMatchesSchema("ErrorResponse", models.json());
    expect((await proxy.get("/v1/unknown")).status).toBe(401);
  });
});

describe("model allow-lists", () => {
  it("refuses a model outside the key's list with OpenAI's 403 before any upstream call; the SDK raises PermissionDeniedError", async () => {
    const before = upstream.requests.length;
    const response = await chat({ authorization: `Bearer ${FRONTEND}` }, "gpt-4o");
    expect(response.status).toBe(403);
    expect(response.json().error).toEqual({
      message: "Key 'frontend' does not have access to model `gpt-4o`",
      type: "invalid_request_error",
      param: null,
      code: "model_not_found",
    });
    const error = await client(FRONTEND)
      .chat.completions.create(ask("gpt-4o"))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(upstream.requests.length).toBe(before);
    // Globs on the requested name.
    expect((await chat({ authorization: `Bearer ${FRONTEND}` }, "o3-mini")).status).toBe(200);
  });

  it("lists in /v1/models only what the key may use", async () => {
    const ids = async (key: string) => (await client(key).models.list()).data.map((model) => model.id).sort();
    expect(await ids(FRONTEND)).toEqual(["gpt-4o-mini", "o3-mini"]);
    expect(await ids(MASTER)).toEqual(["gpt-4o", "gpt-4o-mini", "o3-mini"]);
    const refused = await client(FRONTEND)
      .models.retrieve("gpt-4o")
      .catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(OpenAI.NotFoundError);
    expect((await client(FRONTEND).models.retrieve("gpt-4o-mini")).id).toBe("gpt-4o-mini");
  });
});

describe("metrics per key", () => {
  it("counts requests, tokens and refusals by key name", async () => {
    const before = await scrape(proxy);
    await chat({ authorization: `Bearer ${BATCH}` });
    await chat({ authorization: `Bearer ${FRONTEND}` }, "gpt-4o");
    await chat({ authorization: "Bearer sk-nobody-0000000000000000000000" });
    const after = await scrape(proxy);
    const delta = (name: string, labels: Record<string, string>) => total(after, name, labels) - total(before, name, labels);
    expect(delta("llm_proxy_key_requests_total", { key: "batch", status_code: "200" })).toBe(1);
    expect(delta("llm_proxy_key_tokens_total", { key: "batch", type: "input" })).toBe(10);
    expect(delta("llm_proxy_key_tokens_total", { key: "batch", type: "output" })).toBe(5);
    expect(delta("llm_proxy_key_requests_total", { key: "frontend", status_code: "403" })).toBe(1);
    expect(delta("llm_proxy_key_refusals_total", { key: "frontend", reason: "model_not_allowed" })).toBe(1);
    expect(delta("llm_proxy_key_refusals_total", { key: "unknown", reason: "invalid_key" })).toBe(1);
  });
});
