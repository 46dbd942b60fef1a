import { describe, expect, it } from "vitest";
import { anthropicMessage } from "../helpers/anthropic-message.js";
import { fixture } from "../helpers/files.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";
import { expectResponse, expectResponseEvent } from "../helpers/responses-schema.js";
import { parseEvents } from "../helpers/responses-stream.js";
import { replaySse, respond } from "../helpers/mock-answers.js";

const { upstream, proxy } = useProxyAgainstMock(
  (url) => `
providers:
  openai: { type: openai, base_url: "${url}/v1", api_key: sk-openai, options: { responses: true } }
  anthropic: { type: anthropic, base_url: "${url}/anthropic", api_key: sk-ant }
routes:
  - { match: "gpt-*", provider: openai }
  - { match: "claude-*", provider: anthropic }
cache: { mode: all }
`,
);

const hello = anthropicMessage([{ type: "text", text: "Hello from Claude.", citations: null }]);

describe("stored responses and the cache", () => {
  it("answers a repeated request from the cache as a new response of its own, JSON and streamed", async () => {
    upstream.on("POST /anthropic/v1/messages", respond(200, JSON.stringify(hello)));
    const request = { model: "claude-sonnet-4-5", input: "Say hello", temperature: 0 };
    const calls = upstream.requests.length;
    const first = await proxy.post("/v1/responses", request);
    const second = await proxy.post("/v1/responses", request);
    expect(upstream.requests.length).toBe(calls + 1);
    expect([first.headers.get("x-llm-proxy-cache"), second.headers.get("x-llm-proxy-cache")]).toEqual(["MISS", "HIT"]);
    expectResponse(second.json());
    expect(second.json().id).not.toBe(first.json().id);
    expect(second.json().output).toEqual(first.json().output);
    expect((await proxy.get(`/v1/responses/${second.json().id}`)).json()).toEqual(second.json());

    const streamed = await proxy.post("/v1/responses", { ...request, stream: true });
    expect(streamed.headers.get("x-llm-proxy-cache")).toBe("HIT");
    const events = parseEvents(streamed.text);
    events.forEach((event, index) => {
      expect(event.data.sequence_number).toBe(index);
      expectResponseEvent(event.data);
    });
    expect(events.at(-1)!.data.response.output).toEqual(first.json().output);
    expect(upstream.requests.length).toBe(calls + 1);
  });

  it("continues on OpenAI a conversation begun on Claude: the conversation goes inline, without ids OpenAI never gave", async () => {
    upstream.on("POST /anthropic/v1/messages", respond(200, JSON.stringify(hello)));
    const first = (await proxy.post("/v1/responses", { model: "claude-sonnet-4-5", input: "Say hello" })).json();
    upstream.on("POST /v1/responses", respond(200, fixture("openai/responses-text.json")));
    await proxy.post("/v1/responses", { model: "gpt-4.1-nano", previous_response_id: first.id, input: "Now count to 3" });
    const sent = upstream.requests.at(-1)!.json();
    expect(sent.previous_response_id).toBeUndefined();
    expect(sent.input).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "Say hello" }] },
      { type: "message", role: "assistant", content: [{ type: "output_text", annotations: [], logprobs: [], text: "Hello from Claude." }] },
      { type: "message", role: "user", content: "Now count to 3" },
    ]);
  });

  it("sends OpenAI its own items by reference, the proxy's inline, and the client's as they came", async () => {
    const ownCall = {
      type: "function_call",
      id: "fc_client_own",
      call_id: "call_own",
      name: "lookup",
      arguments: "{}",
      status: "completed",
    };
    upstream.on("POST /v1/responses", replaySse(fixture("openai/responses-reasoning.sse")));
    const native = parseEvents((await proxy.post("/v1/responses", { model: "gpt-5-nano", input: "Count", stream: true })).text).at(-1)!.data
      .response;
    upstream.on("POST /anthropic/v1/messages", respond(200, JSON.stringify(hello)));
    const bridged = (await proxy.post("/v1/responses", { model: "claude-sonnet-4-5", input: "Say hello" })).json();
    upstream.on("POST /v1/responses", respond(200, fixture("openai/responses-text.json")));
    await proxy.post("/v1/responses", {
      model: "gpt-4.1-nano",
      input: [
        { type: "item_reference", id: native.output[1].id },
        { type: "item_reference", id: bridged.output[0].id },
        ownCall,
        { role: "user", content: "Go on" },
      ],
    });
    expect(upstream.requests.at(-1)!.json().input).toEqual([
      { type: "item_reference", id: native.output[1].id },
      { type: "message", role: "assistant", content: [{ type: "output_text", annotations: [], logprobs: [], text: "Hello from Claude." }] },
      ownCall,
      { role: "user", content: "Go on" },
    ]);
  });
});

describe("responses.retention_seconds", () => {
  const shortLived = useProxyAgainstMock(
    (url) => `
providers:
  anthropic: { type: anthropic, base_url: "${url}/anthropic", api_key: sk-ant }
responses: { retention_seconds: 1 }
`,
  );

  it("forgets a stored response once its retention has passed", async () => {
    shortLived.upstream.on("POST /anthropic/v1/messages", respond(200, JSON.stringify(hello)));
    const created = (await shortLived.proxy.post("/v1/responses", { model: "anthropic/claude-sonnet-4-5", input: "Remember me" })).json();
    expect((await shortLived.proxy.get(`/v1/responses/${created.id}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2200));
    expect((await shortLived.proxy.get(`/v1/responses/${created.id}`)).status).toBe(404);
    const followUp = await shortLived.proxy.post("/v1/responses", {
      model: "anthropic/claude-sonnet-4-5",
      input: "Again?",
      previous_response_id: created.id,
    });
    expect(followUp.status).toBe(404);
    expect(followUp.json().error.code).toBe("previous_response_not_found");
  });
});
