import { describe, expect, it } from "vitest";
import { fixture, lines } from "../helpers/files.js";
import { type TestProxy, useProxyAgainstMock } from "../helpers/proxy.js";
import { expectInputItemList, expectResponse, expectResponseEvent } from "../helpers/responses-schema.js";
import { parseEvents } from "../helpers/responses-stream.js";
import { replaySse, respond } from "../helpers/mock-answers.js";
import { toSse } from "../helpers/sse.js";

const TEXT_JSON = fixture("openai/responses-text.json");
const TEXT_SSE = fixture("openai/responses-text.sse");
const REASONING_JSON = fixture("openai/responses-reasoning.json");
const REASONING_SSE = fixture("openai/responses-reasoning.sse");
const FUNCTION_CALL_SSE = fixture("openai/responses-function-call.sse");
const QUOTA_ERROR = toSse(lines(fixture("openai/responses-stream-error-insufficient-quota.chunks.jsonl")), { eventLines: true });
const TEXT_REQUEST = JSON.parse(fixture("openai/responses-text.request.json"));

const { upstream, proxy } = useProxyAgainstMock(
  (url) => `
providers:
  openai:
    type: openai
    base_url: ${url}/v1
    api_key: sk-upstream-secret
    options: { responses: true }
  plain:
    type: openai
    base_url: ${url}/plain/v1
    api_key: sk-plain
retry: { max_retries: 0 } # one upstream call per request: retries have their own tests (test/e2e/resilience*)
routes:
  - { match: "gpt-*", provider: openai }
`,
);

describe("POST /v1/responses passes through to an upstream that speaks it", () => {
  it("relays a JSON answer byte for byte and sends the client's body with the routed model", async () => {
    upstream.on("POST /v1/responses", respond(200, TEXT_JSON));
    const response = await proxy.post("/v1/responses", TEXT_REQUEST);
    expect(response.status).toBe(200);
    expect(response.text).toBe(TEXT_JSON);
    expect(response.headers.get("x-llm-proxy-provider")).toBe("openai");
    expectResponse(response.json(), { recorded: true });
    const sent = upstream.requests.at(-1)!;
    expect(sent.json()).toEqual(TEXT_REQUEST);
    expect(sent.headers.authorization).toBe("Bearer sk-upstream-secret");
  });

  it.each([
    ["text", TEXT_SSE],
    ["reasoning", REASONING_SSE],
    ["function call", FUNCTION_CALL_SSE],
  ])("relays a %s stream byte for byte", async (_name, recording) => {
    upstream.on("POST /v1/responses", replaySse(recording));
    const response = await proxy.post("/v1/responses", { ...TEXT_REQUEST, stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.text).toBe(recording);
    for (const event of parseEvents(response.text)) expectResponseEvent(event.data, { recorded: true });
  });

  it("counts the usage of a stream in the metrics, read from response.completed", async () => {
    upstream.on("POST /v1/responses", replaySse(REASONING_SSE));
    const before = await usageTotal(proxy);
    await proxy.post("/v1/responses", { model: "gpt-5-nano", input: "Count", stream: true });
    const after = await usageTotal(proxy);
    const completed = parseEvents(REASONING_SSE).at(-1)!.data.response.usage;
    expect(after.input - before.input).toBe(completed.input_tokens);
    expect(after.output - before.output).toBe(completed.output_tokens);
  });

  it("answers an upstream's in-stream failure before any output as the HTTP error a JSON request gets, never response.completed", async () => {
    // Nothing was generated, so nothing of the stream was sent: the client gets the failure's status (LiteLLM#38610).
    upstream.on("POST /v1/responses", replaySse(QUOTA_ERROR));
    const response = await proxy.post("/v1/responses", { ...TEXT_REQUEST, stream: true });
    expect(response.status).toBe(429);
    expect(response.json().error).toMatchObject({
      code: "insufficient_quota",
      message: expect.stringMatching(/exceeded your current quota/),
    });
    expect(response.text).not.toContain("response.completed");
    await expect(
      (async () => {
        const stream = await proxy.client.responses.create({ model: "gpt-5-nano", input: "hi", stream: true });
        for await (const _event of stream);
      })(),
    ).rejects.toThrow(/exceeded your current quota/);
  });

  it("serves the openai SDK's responses.create and responses.stream().finalResponse()", async () => {
    upstream.on("POST /v1/responses", respond(200, TEXT_JSON));
    const created = await proxy.client.responses.create({ model: "gpt-4.1-nano", input: "Count from 1 to 3" });
    expect(created.output_text).toBe("1, 2, 3");
    upstream.on("POST /v1/responses", replaySse(TEXT_SSE));
    const final = await proxy.client.responses.stream({ model: "gpt-4.1-nano", input: "Count from 1 to 3" }).finalResponse();
    expect(final.output_text).toBe("1, 2, 3");
    expect(final.usage?.total_tokens).toBe(22);
  });

  it("stores what it passed through: GET by id, its input items, DELETE, then 404", async () => {
    upstream.on("POST /v1/responses", respond(200, REASONING_JSON));
    const created = (await proxy.post("/v1/responses", { model: "gpt-5-nano", input: "What's 2 + 2?" })).json();
    const got = await proxy.get(`/v1/responses/${created.id}`);
    expect(got.status).toBe(200);
    expect(got.json()).toEqual(JSON.parse(REASONING_JSON));
    const items = (await proxy.get(`/v1/responses/${created.id}/input_items`)).json();
    expectInputItemList(items);
    expect(items.data).toMatchObject([{ type: "message", role: "user", content: [{ type: "input_text", text: "What's 2 + 2?" }] }]);
    const deleted = await fetch(`${proxy.url}/v1/responses/${created.id}`, { method: "DELETE" });
    expect(await deleted.json()).toEqual({ id: created.id, object: "response", deleted: true });
    const gone = await proxy.get(`/v1/responses/${created.id}`);
    expect(gone.status).toBe(404);
    expect(gone.json().error).toEqual({
      message: `Response with id '${created.id}' not found.`,
      type: "invalid_request_error",
      param: "response_id",
      code: null,
    });
  });

  it("deletes a response at the upstream that keeps it too, and keeps it here when that fails", async () => {
    upstream.on("POST /v1/responses", respond(200, TEXT_JSON.replace(JSON.parse(TEXT_JSON).id, "resp_kept_upstream")));
    const created = (await proxy.post("/v1/responses", { model: "gpt-4.1-nano", input: "Count" })).json();
    upstream.on(
      "DELETE /v1/responses/resp_kept_upstream",
      respond(500, JSON.stringify({ error: { message: "try later", type: "server_error" } })),
    );
    const failed = await fetch(`${proxy.url}/v1/responses/${created.id}`, { method: "DELETE" });
    expect(failed.status).toBe(500);
    expect((await proxy.get(`/v1/responses/${created.id}`)).status).toBe(200);
    upstream.on(
      "DELETE /v1/responses/resp_kept_upstream",
      respond(200, JSON.stringify({ id: created.id, object: "response", deleted: true })),
    );
    const deleted = await fetch(`${proxy.url}/v1/responses/${created.id}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(upstream.requests.at(-1)).toMatchObject({ method: "DELETE", url: "/v1/responses/resp_kept_upstream" });
    expect(upstream.requests.at(-1)!.headers.authorization).toBe("Bearer sk-upstream-secret");
    expect((await proxy.get(`/v1/responses/${created.id}`)).status).toBe(404);
  });

  it("keeps nothing the client asked not to store, nor a background response (the upstream's to answer for)", async () => {
    upstream.on("POST /v1/responses", respond(200, TEXT_JSON.replace(JSON.parse(TEXT_JSON).id, "resp_in_background")));
    await proxy.post("/v1/responses", { model: "gpt-4.1-nano", input: "Count", background: true });
    expect((await proxy.get("/v1/responses/resp_in_background")).status).toBe(404);
    const answer = JSON.parse(TEXT_JSON);
    upstream.on("POST /v1/responses", respond(200, TEXT_JSON.replace(answer.id, "resp_not_to_be_kept")));
    const created = (await proxy.post("/v1/responses", TEXT_REQUEST)).json();
    expect(created.id).toBe("resp_not_to_be_kept");
    expect((await proxy.get(`/v1/responses/${created.id}`)).status).toBe(404);
  });

  it("forwards previous_response_id to the upstream that keeps that response", async () => {
    upstream.on("POST /v1/responses", respond(200, REASONING_JSON));
    const first = (await proxy.post("/v1/responses", { model: "gpt-5-nano", input: "What's 2 + 2?" })).json();
    await proxy.post("/v1/responses", { model: "gpt-5-nano", input: "And 3 + 3?", previous_response_id: first.id });
    expect(upstream.requests.at(-1)!.json()).toEqual({ model: "gpt-5-nano", input: "And 3 + 3?", previous_response_id: first.id });
  });
});

async function usageTotal(proxy: TestProxy): Promise<{ input: number; output: number }> {
  const text = (await proxy.get("/metrics")).text;
  const read = (type: string) =>
    [...text.matchAll(new RegExp(`^llm_proxy_tokens_total\\{[^}]*type="${type}"[^}]*\\} (\\S+)$`, "gm"))].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
  return { input: read("input") + read("cached_input"), output: read("output") };
}
