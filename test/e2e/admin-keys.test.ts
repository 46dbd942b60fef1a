import { expect, it } from "vitest";
import { adminClient, expectError, MASTER_KEY } from "../helpers/admin.js";
import { chatAnswers } from "../helpers/chat-answers.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { useTestProxy } from "../helpers/proxy.js";
import { describeOnEachStore } from "../helpers/state-stores.js";

const FILE_KEY = "sk-file-key-0123456789abcdefghijkl";

describeOnEachStore("key routes", (stateUrl) => {
  const upstream = useMockUpstream({ "POST /v1/chat/completions": chatAnswers({ prompt_tokens: 0, completion_tokens: 2 }) });
  // A dollar per output token: each answer costs $2.
  const proxy = useTestProxy(
    () => `
providers:
  openai: { type: openai, base_url: "${upstream.url}/v1", api_key: sk-upstream-0123456789 }
routes:
  - { match: "*", provider: openai }
pricing:
  priced: { input: 0, output: 1000000 }
auth:
  master_key: ${MASTER_KEY}
  keys:
    - { name: filed, key: ${FILE_KEY} }
state: { url: "${stateUrl()}", poll_seconds: 60, flush_seconds: 60 }
`,
  );
  const admin = adminClient(() => proxy.url);
  const chat = (key: string, model = "priced") =>
    proxy.post(
      "/v1/chat/completions",
      { model, max_tokens: 2, messages: [{ role: "user", content: "Hi" }] },
      { authorization: `Bearer ${key}` },
    );
  let id = "";
  let secret = "";

  it("creates a key whose secret is shown once and works on the very next request", async () => {
    const created = await admin.post("/admin/keys", { name: "frontend", models: ["priced", "gpt-*"], budget_usd: 5, budget_period: "day" });
    expect(created.status).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      name: "frontend",
      models: ["priced", "gpt-*"],
      rpm: null,
      tpm: null,
      max_parallel: null,
      budget_usd: 5,
      budget_period: "day",
      spend_usd: 0,
      period_start: `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`,
      revoked_at: null,
    });
    expect(body.id).toMatch(/^vk_[0-9a-f]{16}$/);
    expect(body.key).toMatch(/^sk-llmp-[A-Za-z0-9_-]{43}$/);
    ({ id, key: secret } = body);
    expect((await chat(secret)).status).toBe(200);
    expect(proxy.logs.some((line) => line.includes('"action":"key.create"') && line.includes(id))).toBe(true);
    expect(proxy.logs.join("\n")).not.toContain(secret);
  });

  it("lists and shows keys by their hint, with what they spent this period", async () => {
    const listed = await admin.get("/admin/keys");
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(secret);
    expect(listed.json().data).toEqual([expect.objectContaining({ id, name: "frontend", key: `sk-llmp-...${secret.slice(-4)}` })]);
    const shown = (await admin.get(`/admin/keys/${id}`)).json();
    expect(shown.spend_usd).toBe(2);
    expectError(await admin.get("/admin/keys/vk_nope"), 404, { code: "not_found", param: "id" });
  });

  it("changes limits at once: a rate limit, the model list, a removed limit", async () => {
    const limited = await admin.patch(`/admin/keys/${id}`, { rpm: 1, models: ["priced"] });
    expect(limited.status).toBe(200);
    expect(limited.json()).toMatchObject({ rpm: 1, models: ["priced"], budget_usd: 5 });
    expect((await chat(secret, "gpt-4o")).status).toBe(403);
    expect((await chat(secret)).status).toBe(200);
    expect((await chat(secret)).status).toBe(429);
    const freed = await admin.patch(`/admin/keys/${id}`, { rpm: null, models: null, name: "web" });
    expect(freed.json()).toMatchObject({ name: "web", rpm: null, models: null });
    expect((await chat(secret, "gpt-4o")).status).toBe(200);
  });

  it("refuses bad fields (400 naming them) and taken names (409)", async () => {
    expectError(await admin.post("/admin/keys", { name: "x", rpm: 0 }), 400, { param: "rpm" });
    expectError(await admin.post("/admin/keys", { name: "x", budget_period: "day" }), 400, { param: "budget_period" });
    expectError(await admin.post("/admin/keys", { name: "x", colour: "red" }), 400, { param: "colour" });
    expectError(await admin.post("/admin/keys", { rpm: 5 }), 400, { param: "name" });
    expectError(await admin.post("/admin/keys", { name: "bad name" }), 400, { param: "name" });
    expectError(await admin.patch(`/admin/keys/${id}`, { budget_usd: -1 }), 400, { param: "budget_usd" });
    expectError(await admin.post("/admin/keys", { name: "web" }), 409, { code: "conflict", param: "name" });
    expectError(await admin.post("/admin/keys", { name: "filed" }), 409, { code: "conflict", param: "name" });
    const other = (await admin.post("/admin/keys", { name: "other" })).json();
    expectError(await admin.patch(`/admin/keys/${other.id}`, { name: "web" }), 409, { code: "conflict" });
  });

  it("revokes a key: refused from the next request on, kept in the list of revoked ones", async () => {
    const deleted = await admin.delete(`/admin/keys/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json()).toEqual({ id, deleted: true });
    expect((await chat(secret)).status).toBe(401);
    expect((await admin.get(`/admin/keys/${id}`)).json().revoked_at).toEqual(expect.any(String));
    expect((await admin.get("/admin/keys")).json().data.map((key: { id: string }) => key.id)).not.toContain(id);
    expect((await admin.get("/admin/keys?include_revoked=true")).json().data.map((key: { id: string }) => key.id)).toContain(id);
    expectError(await admin.patch(`/admin/keys/${id}`, { rpm: 3 }), 409, { code: "conflict" });
    expectError(await admin.delete(`/admin/keys/${id}`), 409, { code: "conflict" });
    expectError(await admin.delete("/admin/keys/vk_nope"), 404, { code: "not_found" });
  });
});
