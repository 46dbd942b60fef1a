import { describe, expect, it } from "vitest";
import { expectError, expectModelList } from "../helpers/openai-schema.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { useTestProxy } from "../helpers/proxy.js";
import { respond, stall } from "../helpers/mock-answers.js";

const openaiList = {
  object: "list",
  data: [
    { id: "gpt-4o", object: "model", created: 1715367049, owned_by: "system" },
    { id: "o3-mini", object: "model", created: 1737146383, owned_by: "system" },
    { id: "text-embedding-3-small", object: "model", created: 1705948997, owned_by: "system" },
  ],
};
const groqList = { object: "list", data: [{ id: "llama-3.3-70b-versatile", object: "model", created: 1733447754, owned_by: "Meta" }] };

const healthy = useMockUpstream({
  "GET /openai/models": respond(200, JSON.stringify(openaiList)),
  "GET /groq/models": respond(200, JSON.stringify(groqList)),
});
const failing = useMockUpstream({ "GET /v1/models": respond(500, "boom", "text/plain"), "GET /slow/models": stall() });
const proxy = useTestProxy(
  () =>
    `
upstream:
  timeouts: { first_byte_ms: 500 }
providers:
  openai:
    type: openai
    base_url: ${healthy.url}/openai
    api_key: \${OPENAI_API_KEY}
  groq:
    type: openai
    base_url: ${healthy.url}/groq
    api_key: sk-groq
    models: [llama-3.1-8b-instant]
  broken:
    type: openai
    base_url: ${failing.url}/v1
    api_key: sk-broken
    models: [broken-model]
  slow:
    type: openai
    base_url: ${failing.url}/slow
    api_key: sk-slow
  nokey:
    type: openai
    base_url: ${healthy.url}/openai
    api_key: \${NOKEY_API_KEY}
    models: [listed-anyway]
routes:
  - { match: "gpt-*", provider: openai }
  - { match: "o3*", provider: openai }
`,
  { OPENAI_API_KEY: "sk-openai" },
);

describe("GET /v1/models", () => {
  it("merges configured and live lists, with ids clients can send back", async () => {
    const response = await proxy.get("/v1/models");
    expect(response.status).toBe(200);
    const list = response.json();
    expectModelList(list);
    expect(list.data.map((m: { id: string }) => m.id)).toEqual([
      "gpt-4o",
      "o3-mini",
      "openai/text-embedding-3-small",
      "llama-3.1-8b-instant",
      "groq/llama-3.3-70b-versatile",
      "broken-model",
      "listed-anyway",
    ]);
    expect(list.data[0]).toEqual({ id: "gpt-4o", object: "model", created: 1715367049, owned_by: "system" });
    expect(list.data[3]).toEqual({ id: "llama-3.1-8b-instant", object: "model", created: 0, owned_by: "groq" });
  });

  it("lists through the openai SDK", async () => {
    const ids: string[] = [];
    for await (const model of proxy.client.models.list()) ids.push(model.id);
    expect(ids).toContain("groq/llama-3.3-70b-versatile");
  });

  it("asks each upstream with its key, and never one whose key is unset", async () => {
    const asked = healthy.requests.filter((r) => r.url.endsWith("/models"));
    expect(asked.map((r) => r.headers.authorization).sort()).toEqual(["Bearer sk-groq", "Bearer sk-openai"]);
  });

  it("reuses live listings within models.cache_seconds", async () => {
    const before = healthy.requests.length;
    await proxy.get("/v1/models");
    await proxy.get("/v1/models");
    expect(healthy.requests.length).toBe(before);
  });

  it("retrieves one model, and answers 404 for an unknown one", async () => {
    const model = await proxy.client.models.retrieve("groq/llama-3.3-70b-versatile");
    expect(model).toMatchObject({ id: "groq/llama-3.3-70b-versatile", owned_by: "Meta" });
    const missing = await proxy.get("/v1/models/nope");
    expect(missing.status).toBe(404);
    expectError(missing.json());
  });

  it("logs a failing listing without failing the list", async () => {
    expect(proxy.logs.some((line) => line.includes("model listing failed") && line.includes('"provider":"broken"'))).toBe(true);
  });
});
