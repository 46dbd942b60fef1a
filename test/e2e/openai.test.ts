import { describe, expect, it } from "vitest";
import { expectChunk, expectCompletion, readSdkStream } from "../helpers/openai-schema.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";
import { fixture, testData } from "../helpers/files.js";
import { sseEvents, sseData } from "../helpers/sse.js";
import { replaySse, respond } from "../helpers/mock-answers.js";

const UPSTREAM_KEY = "sk-upstream-secret-0123456789";

const { upstream, proxy } = useProxyAgainstMock(
  (url) =>
    `
providers:
  openai:
    type: openai
    base_url: ${url}/v1
    api_key: \${OPENAI_API_KEY}
  openrouter:
    type: openai
    base_url: ${url}/v1
    api_key: \${OPENAI_API_KEY}
    headers:
      HTTP-Referer: https://example.test/app
      X-Title: Example App
routes:
  - { match: "gpt-*", provider: openai }
`,
  { OPENAI_API_KEY: UPSTREAM_KEY },
);

const messages = [{ role: "user" as const, content: "Say hello" }];

describe("JSON completions", () => {
  it("forwards the request with the upstream model name and returns the upstream answer unchanged", async () => {
    const body = testData("openai-chat-completion.json");
    upstream.on("POST /v1/chat/completions", respond(200, body, "application/json", { "x-request-id": "req_abc123" }));

    const raw = await proxy.post("/v1/chat/completions", { model: "openai/gpt-4o", messages, temperature: 0.2 });
    expect(raw.status).toBe(200);
    expect(raw.text).toBe(body);
    expect(raw.headers.get("content-type")).toBe("application/json");
    expect(raw.headers.get("x-llm-proxy-provider")).toBe("openai");
    expect(raw.headers.get("x-request-id")).toBe("req_abc123");
    expectCompletion(raw.json());

    const sent = upstream.requests.at(-1)!;
    expect(sent.url).toBe("/v1/chat/completions");
    expect(sent.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(sent.json()).toEqual({ model: "gpt-4o", messages, temperature: 0.2 });
  });

  it("is parsed by the openai SDK", async () => {
    upstream.on("POST /v1/chat/completions", respond(200, testData("openai-chat-completion.json")));
    const completion = await proxy.client.chat.completions.create({ model: "gpt-4o", messages });
    expectCompletion(completion);
    expect(completion.choices[0]!.message.content).toMatch(/^The image shows a wooden boardwalk/);
    expect(completion.usage?.total_tokens).toBe(1163);
  });

  it("passes fields it does not know through untouched", async () => {
    upstream.on("POST /v1/chat/completions", respond(200, testData("openai-chat-completion.json")));
    const future = { verbosity: "low", prediction: { type: "content", content: "x" }, web_search_options: {} };
    await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages, ...future, metadata: { a: "b" } });
    const sent = upstream.requests.at(-1)!.json();
    expect(sent).toMatchObject({ ...future, metadata: { a: "b" }, model: "gpt-4o" });
    expect(sent.stream_options).toBeUndefined();
  });

  it("sends a provider's configured headers (OpenRouter's HTTP-Referer and X-Title)", async () => {
    upstream.on("POST /v1/chat/completions", respond(200, testData("openai-chat-completion.json")));
    const raw = await proxy.post("/v1/chat/completions", { model: "openrouter/anthropic/claude-sonnet-4.5", messages });
    expect(raw.status).toBe(200);
    expect(raw.headers.get("x-llm-proxy-provider")).toBe("openrouter");
    const sent = upstream.requests.at(-1)!;
    expect(sent.headers["http-referer"]).toBe("https://example.test/app");
    expect(sent.headers["x-title"]).toBe("Example App");
    expect(sent.json().model).toBe("anthropic/claude-sonnet-4.5");
  });

  it("never forwards the client's own Authorization header", async () => {
    upstream.on("POST /v1/chat/completions", respond(200, testData("openai-chat-completion.json")));
    await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages }, { authorization: "Bearer client-token" });
    expect(upstream.requests.at(-1)!.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
  });
});

describe("streaming", () => {
  async function rawStream(fixtureName: string, extra: object = {}) {
    upstream.on("POST /v1/chat/completions", replaySse(fixture(`openai/${fixtureName}`)));
    return proxy.post("/v1/chat/completions", { model: "gpt-4o", messages, stream: true, ...extra });
  }

  it("relays the recorded text stream byte for byte when the client asks for usage", async () => {
    const recorded = fixture("openai/text.sse");
    const raw = await rawStream("text.sse", { stream_options: { include_usage: true } });
    expect(raw.status).toBe(200);
    expect(raw.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(raw.text).toBe(recorded);
    for (const data of sseData(raw.text).slice(0, -1)) expectChunk(JSON.parse(data));
  });

  it("always asks upstream for usage, and strips the usage chunk when the client did not ask", async () => {
    const raw = await rawStream("text.sse");
    const sent = upstream.requests.at(-1)!.json();
    expect(sent.stream_options).toEqual({ include_usage: true });

    const recordedData = sseData(fixture("openai/text.sse"));
    const usageChunk = recordedData.at(-2)!;
    expect(JSON.parse(usageChunk).choices).toEqual([]);
    const expected = recordedData.filter((data) => data !== usageChunk);
    expect(sseData(raw.text)).toEqual(expected);
    expect(raw.text.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("keeps other stream_options the client set", async () => {
    await rawStream("text.sse", { stream_options: { include_obfuscation: false } });
    expect(upstream.requests.at(-1)!.json().stream_options).toEqual({ include_obfuscation: false, include_usage: true });
  });

  it("streams text through the openai SDK, chunk by chunk, with usage when asked", async () => {
    upstream.on("POST /v1/chat/completions", replaySse(fixture("openai/text.sse")));
    const stream = await proxy.client.chat.completions.create({
      model: "gpt-4o",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const { chunks, text, usage } = await readSdkStream(stream);
    const recorded = sseData(fixture("openai/text.sse"))
      .slice(0, -1)
      .map((data) => JSON.parse(data));
    expect(chunks).toHaveLength(recorded.length);
    expect(text).toBe(recorded.map((c) => c.choices[0]?.delta.content ?? "").join(""));
    expect(usage).toEqual(recorded.at(-1).usage);
  });

  it("streams a tool call with its argument fragments on a stable index", async () => {
    upstream.on("POST /v1/chat/completions", replaySse(fixture("openai/tool-call.sse")));
    const stream = await proxy.client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "What's the weather in New York City?" }],
      tools: [
        { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } },
      ],
      stream: true,
    });
    let args = "";
    let name = "";
    let id = "";
    let finish: string | null = null;
    for await (const chunk of stream) {
      expectChunk(chunk);
      const choice = chunk.choices[0];
      for (const call of choice?.delta.tool_calls ?? []) {
        expect(call.index).toBe(0);
        if (call.id) id = call.id;
        if (call.function?.name) name = call.function.name;
        args += call.function?.arguments ?? "";
      }
      if (choice?.finish_reason) finish = choice.finish_reason;
    }
    expect({ id, name, args: JSON.parse(args), finish }).toEqual({
      id: "call_4XzlGBLtUe9dy3GVNV4jhq7h",
      name: "get_weather",
      args: { city: "New York City" },
      finish: "tool_calls",
    });
  });

  it("streams finish_reason length", async () => {
    const raw = await rawStream("finish-length.sse");
    const chunks = sseData(raw.text)
      .filter((d) => d !== "[DONE]")
      .map((d) => JSON.parse(d));
    chunks.forEach(expectChunk);
    expect(chunks.at(-1).choices[0].finish_reason).toBe("length");
  });

  it("delivers each event while the upstream is still generating (no buffering)", async () => {
    const events = sseEvents(fixture("openai/text.sse"));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    upstream.on("POST /v1/chat/completions", async (_request, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(events[0]);
      res.write(events[1]);
      await held;
      for (const event of events.slice(2)) res.write(event);
      res.end();
    });
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", messages, stream: true }),
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = "";
    while (sseData(received).length < 2) received += decoder.decode((await reader.read()).value, { stream: true });
    expect(sseData(received)).toEqual(sseData(events[0]! + events[1]!));
    release();
    while (!received.endsWith("data: [DONE]\n\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    expect(received.endsWith("data: [DONE]\n\n")).toBe(true);
  });
});
