import { describe, expect, it } from "vitest";
import { adminClient, expectError, MASTER_KEY, STATE_SECRET } from "../helpers/admin.js";
import { chatAnswers } from "../helpers/chat-answers.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { useTestProxy } from "../helpers/proxy.js";
import { useTemporarySqlite } from "../helpers/state.js";
import { describeOnEachStore } from "../helpers/state-stores.js";

const FILE_KEY = "sk-file-provider-0123456789abcdef";
const STORED_KEY = "sk-stored-provider-abcdefghijklmnop";

describeOnEachStore("provider routes", (stateUrl) => {
  const upstream = useMockUpstream({ "POST /v1/chat/completions": chatAnswers({ prompt_tokens: 3, completion_tokens: 2 }) });
  const proxy = useTestProxy(
    () => `
providers:
  filed: { type: openai, base_url: "${upstream.url}/v1", api_key: ${FILE_KEY}, models: [file-model] }
routes:
  - { match: "gpt-*", provider: filed }
auth:
  master_key: ${MASTER_KEY}
state:
  url: "${stateUrl()}"
  secret: ${STATE_SECRET}
  poll_seconds: 60
`,
  );
  const admin = adminClient(() => proxy.url);
  const chat = (model: string) =>
    proxy.post("/v1/chat/completions", { model, messages: [{ role: "user", content: "Hi" }] }, { authorization: `Bearer ${MASTER_KEY}` });
  const modelIds = async () => ((await admin.get("/v1/models")).json().data as { id: string }[]).map((model) => model.id);
  const storedBody = () => ({
    name: "stored",
    type: "openai",
    base_url: `${upstream.url}/v1`,
    api_key: STORED_KEY,
    models: ["stored-model"],
  });

  it("lists config.yaml's providers with source config, keys masked", async () => {
    const response = await admin.get("/admin/providers");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.json()).toEqual({
      object: "list",
      data: [
        {
          name: "filed",
          type: "openai",
          base_url: `${upstream.url}/v1`,
          api_key: "sk-...cdef",
          api_key_set: true,
          api_key_env: null,
          headers: {},
          models: ["file-model"],
          options: { stream_usage: true },
          timeouts: { connect_ms: 10000, first_byte_ms: 600000, idle_ms: 600000 },
          enabled: true,
          source: "config",
          created_at: null,
          updated_at: null,
        },
      ],
    });
    expect(response.text).not.toContain(FILE_KEY);
  });

  it("creates a provider that serves the very next request, its key sent upstream and never shown", async () => {
    const before = Date.now();
    const created = await admin.post("/admin/providers", storedBody());
    expect(created.status).toBe(201);
    const view = created.json();
    expect(view).toMatchObject({
      name: "stored",
      api_key: "sk-...mnop",
      api_key_set: true,
      source: "store",
      enabled: true,
      models: ["stored-model"],
    });
    expect(Date.parse(view.created_at)).toBeGreaterThanOrEqual(before - 1000);
    expect(created.text).not.toContain(STORED_KEY);

    const answer = await chat("stored-model");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-llm-proxy-provider")).toBe("stored");
    expect(upstream.requests.at(-1)!.headers.authorization).toBe(`Bearer ${STORED_KEY}`);
    expect((await chat("stored/any-model")).status).toBe(200);
    expect(proxy.logs.some((line) => line.includes('"action":"provider.create"') && line.includes('"target":"stored"'))).toBe(true);
    expect(proxy.logs.join("\n")).not.toContain(STORED_KEY);
  });

  it("answers GET for one provider, and 404 for an unknown one", async () => {
    expect((await admin.get("/admin/providers/stored")).json()).toMatchObject({ name: "stored", source: "store" });
    expectError(await admin.get("/admin/providers/nope"), 404, { type: "invalid_request_error", code: "not_found", param: "name" });
  });

  it("refuses a second provider of a taken name with 409, from the store or from the file", async () => {
    expectError(await admin.post("/admin/providers", storedBody()), 409, { code: "conflict", param: "name" });
    const filed = await admin.post("/admin/providers", { ...storedBody(), name: "filed" });
    expectError(filed, 409, { code: "conflict" });
    expect(filed.json().error.message).toContain("config file");
  });

  it("refuses bad fields with a 400 naming them, as the config file's validators do", async () => {
    const cases: [object, string][] = [
      [{ ...storedBody(), name: "bad-url", base_url: "ftp://x" }, "base_url"],
      [{ ...storedBody(), name: "bad-type", type: "nope" }, "type"],
      [{ ...storedBody(), name: "bad-option", options: { stream_usage: "yes" } }, "options.stream_usage"],
      [{ ...storedBody(), name: "bad-timeout", timeouts: { idle_ms: 0 } }, "timeouts.idle_ms"],
      [{ ...storedBody(), name: "bad-models", models: "gpt" }, "models"],
      [{ ...storedBody(), name: "bad-field", colour: "red" }, "colour"],
      [{ ...storedBody(), name: "bad name" }, "name"],
      [{ ...storedBody(), name: "bad-key", api_key: "" }, "api_key"],
      [{ ...storedBody(), name: "bad-enabled", enabled: "yes" }, "enabled"],
    ];
    for (const [body, param] of cases)
      expectError(await admin.post("/admin/providers", body), 400, { type: "invalid_request_error", param });
    const anthropic = await admin.post("/admin/providers", {
      name: "bad-budget",
      type: "anthropic",
      options: { thinking_budgets: { high: 10 } },
    });
    expectError(anthropic, 400, { param: "options.thinking_budgets.high" });
    expectError(
      await admin.raw("/admin/providers", {
        method: "POST",
        headers: { authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
        body: "{nope",
      }),
      400,
      {
        type: "invalid_request_error",
      },
    );
  });

  it("replaces a stored provider: an omitted or masked key stays, null removes it", async () => {
    const replaced = await admin.put("/admin/providers/stored", {
      type: "openai",
      base_url: `${upstream.url}/v1`,
      models: ["renamed-model"],
    });
    expect(replaced.status).toBe(200);
    expect(replaced.json()).toMatchObject({ models: ["renamed-model"], api_key: "sk-...mnop" });
    expect((await chat("renamed-model")).status).toBe(200);
    expect(upstream.requests.at(-1)!.headers.authorization).toBe(`Bearer ${STORED_KEY}`);

    const roundTrip = (await admin.get("/admin/providers/stored")).json();
    const { name, source, created_at, updated_at, api_key_set, api_key_env, ...fields } = roundTrip;
    expect((await admin.put("/admin/providers/stored", { ...fields, name })).status).toBe(200);
    await chat("renamed-model");
    expect(upstream.requests.at(-1)!.headers.authorization).toBe(`Bearer ${STORED_KEY}`);

    const keyless = await admin.put("/admin/providers/stored", {
      type: "openai",
      base_url: `${upstream.url}/v1`,
      api_key: null,
      models: ["renamed-model"],
    });
    expect(keyless.json()).toMatchObject({ api_key: null, api_key_set: false });
    await chat("renamed-model");
    expect(upstream.requests.at(-1)!.headers.authorization).toBeUndefined();

    const restored = await admin.put("/admin/providers/stored", { ...storedBody(), name: undefined });
    expect(restored.json().api_key_set).toBe(true);
    expectError(await admin.put("/admin/providers/stored", { ...storedBody(), name: "other" }), 400, { param: "name" });
    expectError(await admin.put("/admin/providers/nope", { ...storedBody(), name: undefined }), 404, { code: "not_found" });
  });

  it("refuses to replace or delete a provider of the config file (409, it lives in the file)", async () => {
    for (const response of [await admin.put("/admin/providers/filed", { type: "openai" }), await admin.delete("/admin/providers/filed")]) {
      expectError(response, 409, { code: "conflict" });
      expect(response.json().error.message).toContain("lives in the config file");
    }
  });

  it("toggles a stored provider: disabled, it is not routed to nor listed", async () => {
    const off = await admin.patch("/admin/providers/stored/toggle", { enabled: false });
    expect(off.status).toBe(200);
    expect(off.json()).toEqual({ enabled: false });
    expectError(await chat("stored-model"), 404, { code: "model_not_found" });
    expect(await modelIds()).not.toContain("stored-model");
    expect((await admin.get("/admin/providers/stored")).json().enabled).toBe(false);

    const flipped = await admin.patch("/admin/providers/stored/toggle");
    expect(flipped.json()).toEqual({ enabled: true });
    expect((await chat("stored-model")).status).toBe(200);
    expect(await modelIds()).toContain("stored-model");
  });

  it("toggles a config provider with an override: off, its routes and listed models stop", async () => {
    expect((await chat("gpt-4o-mini")).status).toBe(200);
    expect((await admin.patch("/admin/providers/filed/toggle", { enabled: false })).json()).toEqual({ enabled: false });
    expectError(await chat("gpt-4o-mini"), 404, { code: "model_not_found" });
    expectError(await chat("file-model"), 404, { code: "model_not_found" });
    expect((await admin.get("/admin/providers/filed")).json()).toMatchObject({ enabled: false, source: "config" });
    expect((await admin.patch("/admin/providers/filed/toggle", { enabled: true })).json()).toEqual({ enabled: true });
    expect((await chat("gpt-4o-mini")).status).toBe(200);
    expectError(await admin.patch("/admin/providers/nope/toggle", {}), 404, { code: "not_found" });
    expectError(await admin.patch("/admin/providers/filed/toggle", { enabled: 1 }), 400, { param: "enabled" });
  });

  it("deletes a stored provider", async () => {
    expect((await admin.post("/admin/providers", { ...storedBody(), name: "doomed", models: ["doomed-model"] })).status).toBe(201);
    expect((await chat("doomed-model")).status).toBe(200);
    const deleted = await admin.delete("/admin/providers/doomed");
    expect(deleted.status).toBe(200);
    expect(deleted.json()).toEqual({ name: "doomed", deleted: true });
    expectError(await chat("doomed-model"), 404, { code: "model_not_found" });
    expectError(await admin.delete("/admin/providers/doomed"), 404, { code: "not_found" });
  });
});

describe("provider routes without state.secret", () => {
  const stateUrl = useTemporarySqlite();
  const proxy = useTestProxy(
    () => `
providers: {}
auth: { master_key: ${MASTER_KEY} }
state: { url: "${stateUrl}" }
`,
  );
  const admin = adminClient(() => proxy.url);

  it("refuses to store a key, saying a secret is needed, and stores a keyless provider", async () => {
    const refused = await admin.post("/admin/providers", {
      name: "keyed",
      type: "openai",
      base_url: "http://127.0.0.1:9/v1",
      api_key: STORED_KEY,
    });
    expectError(refused, 400, { param: "api_key", code: "state_secret_required" });
    expect(refused.json().error.message).toContain("state.secret");
    const header = await admin.post("/admin/providers", {
      name: "keyed",
      type: "openai",
      base_url: "http://127.0.0.1:9/v1",
      headers: { Authorization: `Bearer ${STORED_KEY}` },
    });
    expectError(header, 400, { param: "headers.Authorization" });
    expect((await admin.post("/admin/providers", { name: "local", type: "ollama", base_url: "http://127.0.0.1:9" })).status).toBe(201);
  });
});

describe("provider routes without a state store", () => {
  const proxy = useTestProxy(
    () => `
providers:
  filed: { type: openai, base_url: "http://127.0.0.1:9/v1" }
auth: { master_key: ${MASTER_KEY} }
`,
  );
  const admin = adminClient(() => proxy.url);

  it("lists the file's providers, and says what is missing for a change", async () => {
    expect((await admin.get("/admin/providers")).json().data.map((entry: { name: string }) => entry.name)).toEqual(["filed"]);
    expectError(await admin.post("/admin/providers", { name: "new", type: "openai", base_url: "http://127.0.0.1:9/v1" }), 409, {
      code: "no_state_store",
    });
    expectError(await admin.patch("/admin/providers/filed/toggle", {}), 409, { code: "no_state_store" });
    expectError(await admin.delete("/admin/providers/other"), 404, { code: "not_found" });
  });
});
