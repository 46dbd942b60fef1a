import { describe, expect, it } from "vitest";
import type { StoredResponse } from "../../src/responses/store/types.js";
import { chatAnswers } from "../helpers/chat-answers.js";
import { eventually } from "../helpers/eventually.js";
import { fixture } from "../helpers/files.js";
import { replaySse } from "../helpers/mock-answers.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { startProxyForTest, type TestProxy } from "../helpers/proxy.js";
import { parseEvents } from "../helpers/responses-stream.js";
import { useTemporarySqlite } from "../helpers/state.js";

const upstream = useMockUpstream();
const state = useTemporarySqlite();
const config = (extra = "") => `
providers:
  bridged: { type: openai, base_url: "${upstream.url}/v1", api_key: sk-upstream }
  native: { type: openai, base_url: "${upstream.url}/v1", api_key: sk-upstream, options: { responses: true } }
routes:
  - { match: "gpt-*", provider: native }
  - { match: "*", provider: bridged }
state: { url: "${state}" }
${extra}`;

/** Holds every put to the proxy's response store until `open` is called; notes the ids put. */
function holdPuts(proxy: TestProxy) {
  const store = proxy.app.responseStore;
  const put = store.put.bind(store);
  const ids: string[] = [];
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  store.put = (record: StoredResponse) => {
    ids.push(record.id);
    return opened.then(() => put(record));
  };
  return { ids, open };
}

const post = (proxy: TestProxy, body: object) =>
  fetch(`${proxy.url}/v1/responses`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** Reads a streamed body as it comes; `text` is what arrived so far. */
function reading(response: Response) {
  const progress = { text: "", ended: false };
  const decoder = new TextDecoder();
  const done = (async () => {
    for await (const part of response.body!) progress.text += decoder.decode(part as Uint8Array, { stream: true });
    progress.ended = true;
  })();
  return { progress, done };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a stored response is readable before the client sees it done", () => {
  it("holds a JSON answer until its response is in the state store", async () => {
    const proxy = await startProxyForTest(config());
    upstream.on("POST /v1/chat/completions", chatAnswers({ prompt_tokens: 3, completion_tokens: 2 }));
    const held = holdPuts(proxy);
    let answered = false;
    const answer = post(proxy, { model: "bridged-model", input: "Hi" }).then((response) => {
      answered = true;
      return response;
    });
    await eventually(() => held.ids.length === 1);
    await settle(300);
    expect(answered).toBe(false);
    held.open();
    const response = await answer;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { id: string };
    expect(body.id).toBe(held.ids[0]);
    expect((await proxy.get(`/v1/responses/${body.id}`)).json()).toEqual(body);
  });

  it("holds a bridged stream's terminal event, never its earlier events", async () => {
    const proxy = await startProxyForTest(config());
    upstream.on("POST /v1/chat/completions", chatAnswers({ prompt_tokens: 3, completion_tokens: 2 }));
    const held = holdPuts(proxy);
    const stream = reading(await post(proxy, { model: "bridged-model", input: "Hi", stream: true }));
    await eventually(() => held.ids.length === 1);
    await settle(300);
    expect(stream.progress.text).toContain("event: response.output_text.delta");
    expect(stream.progress.text).not.toContain("response.completed");
    expect(stream.progress.ended).toBe(false);
    held.open();
    await stream.done;
    const events = parseEvents(stream.progress.text);
    expect(events.at(-1)!.event).toBe("response.completed");
    expect(events.at(-1)!.data.response.id).toBe(held.ids[0]);
  });

  it("holds the bytes of a passed-through stream's terminal event, and relays them unchanged", async () => {
    const proxy = await startProxyForTest(config());
    const recording = fixture("openai/responses-text.sse");
    upstream.on("POST /v1/responses", replaySse(recording));
    const held = holdPuts(proxy);
    const stream = reading(await post(proxy, { model: "gpt-4.1-nano", input: "Hi", stream: true }));
    await eventually(() => held.ids.length === 1);
    await settle(300);
    expect(stream.progress.text).toContain("event: response.output_text.delta");
    expect(stream.progress.text).not.toContain("event: response.completed");
    held.open();
    await stream.done;
    expect(stream.progress.text).toBe(recording);
  });

  it("costs a request with store: false nothing: no put, no wait", async () => {
    const proxy = await startProxyForTest(config());
    upstream.on("POST /v1/chat/completions", chatAnswers({ prompt_tokens: 3, completion_tokens: 2 }));
    const held = holdPuts(proxy);
    const json = await post(proxy, { model: "bridged-model", input: "Hi", store: false });
    expect(json.status).toBe(200);
    const streamed = await post(proxy, { model: "bridged-model", input: "Hi", store: false, stream: true });
    expect(await streamed.text()).toContain("event: response.completed");
    expect(held.ids).toEqual([]);
  });

  it("sends the answer anyway once responses.store_timeout_ms has passed, and says so in the log", async () => {
    const proxy = await startProxyForTest(config("responses: { store_timeout_ms: 200 }"));
    upstream.on("POST /v1/chat/completions", chatAnswers({ prompt_tokens: 3, completion_tokens: 2 }));
    holdPuts(proxy);
    const started = performance.now();
    const response = await post(proxy, { model: "bridged-model", input: "Hi" });
    const waited = performance.now() - started;
    expect(response.status).toBe(200);
    expect(waited).toBeGreaterThanOrEqual(190);
    expect(waited).toBeLessThan(2000);
    expect(proxy.logs.some((line) => line.includes("storing a response takes longer than responses.store_timeout_ms"))).toBe(true);
  });
});
