import { describe, expect, it } from "vitest";
import OpenAI from "openai";
import { expectChunk, expectError } from "../helpers/openai-schema.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";
import { eventually } from "../helpers/eventually.js";
import { fixture } from "../helpers/files.js";
import { sseEvents, sseData } from "../helpers/sse.js";
import { replaySse } from "../helpers/mock-answers.js";

const messages = [{ role: "user" as const, content: "hi" }];

const { upstream, proxy } = useProxyAgainstMock(
  (url) =>
    `
providers:
  openai:
    type: openai
    base_url: ${url}/v1
    api_key: sk-test-stream-key-42
    timeouts: { idle_ms: 400 }
retry: { max_retries: 0 } # one upstream call per request: retries have their own tests (test/e2e/resilience*)
routes:
  - { match: "*", provider: openai }
`,
);

const streamRequest = { model: "gpt-4o", messages, stream: true } as const;

/** The stream's payloads: every chunk before the failure, then exactly one error event and no [DONE]. */
function expectFailedStream(text: string, chunksBefore: number) {
  const data = sseData(text);
  expect(data).not.toContain("[DONE]");
  expect(text.endsWith("\n\n")).toBe(true);
  expect(data).toHaveLength(chunksBefore + 1);
  for (const chunk of data.slice(0, -1)) expectChunk(JSON.parse(chunk));
  const error = JSON.parse(data.at(-1)!);
  expectError(error);
  return error.error;
}

describe("mid-stream failures", () => {
  it("turns a connection cut mid-stream into one error event, without [DONE]", async () => {
    upstream.on("POST /v1/chat/completions", replaySse(fixture("openai/text.sse"), { cutAfter: 3 }));
    const response = await proxy.post("/v1/chat/completions", streamRequest);
    expect(response.status).toBe(200);
    const error = expectFailedStream(response.text, 3);
    expect(error).toMatchObject({ type: "upstream_error", code: "upstream_stream_error" });
    expect(sseData(response.text).slice(0, 3)).toEqual(sseData(fixture("openai/text.sse")).slice(0, 3));
  });

  it("makes the openai SDK throw an APIError after the chunks that did arrive", async () => {
    upstream.on("POST /v1/chat/completions", replaySse(fixture("openai/text.sse"), { cutAfter: 4 }));
    const stream = await proxy.client.chat.completions.create(streamRequest);
    const received: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? "");
    })().catch((error) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure.message).toMatch(/upstream connection failed mid-stream/);
    expect(received).toHaveLength(4);
  });

  it("turns a malformed event into one error event", async () => {
    const events = sseEvents(fixture("openai/text.sse"));
    upstream.on("POST /v1/chat/completions", (_request, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(events[0]);
      res.write(events[1]);
      res.end('data: {"id":"chatcmpl-x","choices":[{"index":0,"delta":{"content":"tru\n\n');
    });
    const response = await proxy.post("/v1/chat/completions", streamRequest);
    const error = expectFailedStream(response.text, 2);
    expect(error).toMatchObject({ code: "bad_upstream_response", message: "The upstream provider sent a malformed stream event." });
  });

  it("relays an upstream error event in OpenAI's shape and stops", async () => {
    const events = sseEvents(fixture("openai/text.sse"));
    upstream.on("POST /v1/chat/completions", (_request, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(events[0]);
      res.write(events[1]);
      res.write('data: {"error":{"message":"The server had an error while processing your request.","type":"server_error"}}\n\n');
      res.end(events[2]);
    });
    const response = await proxy.post("/v1/chat/completions", streamRequest);
    const error = expectFailedStream(response.text, 2);
    expect(error).toEqual({
      message: "The server had an error while processing your request.",
      type: "server_error",
      param: null,
      code: null,
    });
  });

  it("keeps the upstream key out of an error event that quotes it", async () => {
    const events = sseEvents(fixture("openai/text.sse"));
    upstream.on("POST /v1/chat/completions", (_request, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(events[0]);
      res.write(events[1]);
      res.end('data: {"error":{"message":"Key sk-test-stream-key-42 was revoked.","type":"invalid_request_error"}}\n\n');
    });
    const response = await proxy.post("/v1/chat/completions", streamRequest);
    const error = expectFailedStream(response.text, 2);
    expect(error.message).toBe("Key [REDACTED] was revoked.");
    expect(response.text).not.toContain("sk-test-stream-key-42");
  });

  it("fails a stream that ends cleanly but before any finish_reason or [DONE]", async () => {
    const events = sseEvents(fixture("openai/text.sse"));
    upstream.on("POST /v1/chat/completions", (_request, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(events.slice(0, 3).join(""));
    });
    const response = await proxy.post("/v1/chat/completions", streamRequest);
    expect(expectFailedStream(response.text, 3).code).toBe("upstream_stream_incomplete");
  });

  it("fails a stream whose upstream falls silent for longer than idle_ms with a timeout event", async () => {
    const events = sseEvents(fixture("openai/text.sse"));
    upstream.on("POST /v1/chat/completions", async (_request, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(events[0]);
      res.write(events[1]);
    });
    const response = await proxy.post("/v1/chat/completions", streamRequest);
    expect(expectFailedStream(response.text, 2)).toMatchObject({ type: "timeout_error", code: "upstream_timeout" });
  });
});

describe("client disconnects", () => {
  it("aborts the upstream request as soon as the client goes away", async () => {
    upstream.on("POST /v1/chat/completions", replaySse(fixture("openai/text.sse"), { gapMs: 100 }));
    const controller = new AbortController();
    const stream = await proxy.client.chat.completions.create(streamRequest, { signal: controller.signal });
    const before = upstream.requests.length;
    for await (const chunk of stream) {
      expect(chunk.object).toBe("chat.completion.chunk");
      controller.abort();
      break;
    }
    const upstreamRequest = upstream.requests[before - 1]!;
    await eventually(() => upstreamRequest.aborted, 2000);
    expect(upstreamRequest.aborted).toBe(true);
  });

  it("aborts a JSON request's upstream call when the client leaves while waiting", async () => {
    let answered = false;
    upstream.on("POST /v1/chat/completions", async (_request, res) => {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      answered = true;
      res.end("{}");
    });
    const controller = new AbortController();
    const before = upstream.requests.length;
    const pending = proxy.client.chat.completions.create({ model: "gpt-4o", messages }, { signal: controller.signal }).catch((e) => e);
    await eventually(() => upstream.requests.length > before);
    const upstreamRequest = upstream.requests[before]!;
    controller.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    await eventually(() => upstreamRequest.aborted, 2000);
    expect(answered).toBe(false);
  });

  it("keeps serving after every failure above", async () => {
    upstream.on("POST /v1/chat/completions", replaySse(fixture("openai/text.sse")));
    const response = await proxy.post("/v1/chat/completions", streamRequest);
    expect(sseData(response.text).at(-1)).toBe("[DONE]");
  });
});
