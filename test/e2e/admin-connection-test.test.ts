import { describe, expect, it } from "vitest";
import { adminClient, expectError, MASTER_KEY, STATE_SECRET } from "../helpers/admin.js";
import { anthropicMessage } from "../helpers/anthropic-message.js";
import { chatAnswers } from "../helpers/chat-answers.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { useTestProxy } from "../helpers/proxy.js";
import { useTemporarySqlite } from "../helpers/state.js";

const OPENAI_KEY = "sk-openai-test-0123456789abcdefghij";
const ANTHROPIC_KEY = "sk-ant-test-0123456789abcdefghijklmn";

describe("testing a provider's connection", () => {
  const upstream = useMockUpstream({
    "POST /v1/chat/completions": chatAnswers({ prompt_tokens: 12, completion_tokens: 1 }),
    "POST /v1/messages": (_request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(anthropicMessage([{ type: "text", text: "OK", citations: null }])));
    },
    "GET /api/tags": (_request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ models: [{ name: "llama3.2:latest" }] }));
    },
    "POST /api/chat": (request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ model: request.json().model, message: { role: "assistant", content: "OK" }, done: true, done_reason: "stop" }),
      );
    },
  });
  const stateUrl = useTemporarySqlite();
  const proxy = useTestProxy(
    () => `
providers:
  filed: { type: openai, base_url: "${upstream.url}/v1", api_key: ${OPENAI_KEY}, models: [gpt-4o-mini] }
  keyless: { type: openai, base_url: "${upstream.url}/v1", api_key: "\${UNSET_TEST_KEY}" }
  local: { type: ollama, base_url: "${upstream.url}" }
auth: { master_key: ${MASTER_KEY} }
state: { url: "${stateUrl}", secret: ${STATE_SECRET} }
`,
  );
  const admin = adminClient(() => proxy.url);

  it("makes a short real chat call and answers ok with the latency and the model", async () => {
    const calls = upstream.requests.length;
    const response = await admin.post("/admin/providers/filed/test", {});
    expect(response.status).toBe(200);
    const body = response.json();
    expect(body).toEqual({ ok: true, latency_ms: expect.any(Number), model: "gpt-4o-mini" });
    expect(body.latency_ms).toBeGreaterThanOrEqual(0);
    const sent = upstream.requests.slice(calls);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(sent[0]!.json()).toMatchObject({
      model: "gpt-4o-mini",
      max_tokens: 8,
      messages: [{ role: "user", content: "Answer with the word OK." }],
    });
  });

  it("sends the call as a client's would go: the model's parameter policy, the provider's translation", async () => {
    expect((await admin.post("/admin/providers/filed/test", { model: "o3-mini" })).json()).toMatchObject({ ok: true, model: "o3-mini" });
    const reasoning = upstream.requests.at(-1)!.json();
    expect(reasoning.max_completion_tokens).toBe(8);
    expect(reasoning.max_tokens).toBeUndefined();

    const created = await admin.post("/admin/providers", {
      name: "claude",
      type: "anthropic",
      base_url: upstream.url,
      api_key: ANTHROPIC_KEY,
    });
    expect(created.status).toBe(201);
    expect((await admin.post("/admin/providers/claude/test")).json()).toMatchObject({ ok: true, model: "claude-haiku-4-5" });
    const native = upstream.requests.at(-1)!;
    expect(native.url).toBe("/v1/messages");
    expect(native.headers["x-api-key"]).toBe(ANTHROPIC_KEY);
    expect(native.json()).toMatchObject({ model: "claude-haiku-4-5", max_tokens: 8, messages: [{ role: "user" }] });

    expect((await admin.post("/admin/providers/local/test")).json()).toMatchObject({ ok: true, model: "llama3.2:latest" });
    expect(upstream.requests.at(-1)!.url).toBe("/api/chat");
  });

  it("reports the upstream's refusal with its status, never quoting the key", async () => {
    upstream.on("POST /v1/chat/completions", (_request, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${OPENAI_KEY}.`,
            type: "invalid_request_error",
            param: null,
            code: "invalid_api_key",
          },
        }),
      );
    });
    const response = await admin.post("/admin/providers/filed/test", {});
    expect(response.json()).toEqual({
      ok: false,
      latency_ms: expect.any(Number),
      model: "gpt-4o-mini",
      error: { status: 401, message: "Incorrect API key provided: [REDACTED]." },
    });
    expect(response.text).not.toContain(OPENAI_KEY);
    upstream.on("POST /v1/chat/completions", chatAnswers({ prompt_tokens: 1, completion_tokens: 1 }));
  });

  it("reports an unreachable upstream, a missing key, and tests a disabled provider too", async () => {
    await admin.post("/admin/providers", { name: "nowhere", type: "openai", base_url: "http://127.0.0.1:9/v1", models: ["m"] });
    expect((await admin.post("/admin/providers/nowhere/test", {})).json()).toMatchObject({ ok: false, model: "m", error: { status: 502 } });

    const calls = upstream.requests.length;
    const keyless = (await admin.post("/admin/providers/keyless/test", { model: "gpt-4o" })).json();
    expect(keyless).toMatchObject({ ok: false, model: "gpt-4o", error: { status: 401 } });
    expect(keyless.error.message).toContain("UNSET_TEST_KEY");
    expect(upstream.requests.length).toBe(calls);

    await admin.patch("/admin/providers/filed/toggle", { enabled: false });
    expect((await admin.post("/admin/providers/filed/test", {})).json()).toMatchObject({ ok: true });
    await admin.patch("/admin/providers/filed/toggle", { enabled: true });
  });

  it("refuses an unknown provider (404) and a bad model field (400)", async () => {
    expectError(await admin.post("/admin/providers/nope/test", {}), 404, { code: "not_found" });
    expectError(await admin.post("/admin/providers/filed/test", { model: 5 }), 400, { param: "model" });
    expectError(await admin.post("/admin/providers/filed/test", { prompt: "hi" }), 400, { param: "prompt" });
  });
});

describe("initializing the default providers", () => {
  const stateUrl = useTemporarySqlite();
  const proxy = useTestProxy(
    () => `
providers:
  openai: { type: openai, base_url: "http://127.0.0.1:9/v1" }
auth: { master_key: ${MASTER_KEY} }
state: { url: "${stateUrl}" }
`,
  );
  const admin = adminClient(() => proxy.url);

  it("creates the shipped providers once, keys read from the same variables as config.yaml's", async () => {
    process.env.GROQ_API_KEY = "gsk-test-0123456789abcdefghijklmn";
    try {
      const first = await admin.post("/admin/providers/initialize-defaults");
      expect(first.status).toBe(201);
      expect(first.json().created).toEqual([
        "groq",
        "deepseek",
        "openrouter",
        "anthropic",
        "gemini",
        "lmstudio",
        "mistral",
        "qwen",
        "ollama",
        "ollama-cloud",
      ]);
      const groq = (await admin.get("/admin/providers/groq")).json();
      expect(groq).toMatchObject({
        source: "store",
        base_url: "https://api.groq.com/openai/v1",
        api_key: "gsk...klmn",
        api_key_set: true,
        api_key_env: null,
      });
      const deepseek = (await admin.get("/admin/providers/deepseek")).json();
      expect(deepseek).toMatchObject({ api_key: null, api_key_set: false, api_key_env: "DEEPSEEK_API_KEY" });
      expect((await admin.get("/admin/providers/openai")).json().source).toBe("config");

      const again = await admin.post("/admin/providers/initialize-defaults");
      expect(again.status).toBe(200);
      expect(again.json()).toEqual({ created: [] });
    } finally {
      delete process.env.GROQ_API_KEY;
    }
  });
});
