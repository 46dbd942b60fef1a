import { describe, expect, it } from "vitest";
import OpenAI from "openai";
import { expectChunk, expectCompletion, expectError, expectModelList, readSdkStream } from "../helpers/openai-schema.js";
import { PNG_BASE64, startImageServer } from "../helpers/image-server.js";
import { startProxyForTest, useProxyAgainstMock, type RawResponse, type TestProxy } from "../helpers/proxy.js";
import { useStarted } from "../helpers/use-started.js";
import { weatherTool } from "../helpers/ollama-samples.js";
import { fixture, lines } from "../helpers/files.js";
import { sseData } from "../helpers/sse.js";
import { respond, replayNdjson } from "../helpers/mock-answers.js";

const CHAT_STREAM = fixture("ollama/chat-stream.ndjson");
const TOOL_STREAM = fixture("ollama/chat-tool-call-stream.ndjson");
const CHAT_JSON = fixture("ollama/chat.json");
const NOT_FOUND = fixture("ollama/error-model-not-found.json");

const TOOL_CALL_ID = /^call_[0-9A-Za-z]{24}$/;

describe("Ollama through the proxy", () => {
  const CLOUD_KEY = "ollama-cloud-secret-0123456789";
  const { upstream, proxy } = useProxyAgainstMock(
    (url) =>
      `
images:
  allow_hosts: ["127.0.0.1"]
providers:
  ollama:
    type: ollama
    base_url: ${url}/local
  ollama-cloud:
    type: ollama
    base_url: ${url}/cloud
    api_key: \${OLLAMA_API_KEY}
`,
    { OLLAMA_API_KEY: CLOUD_KEY },
  );
  const images = useStarted(startImageServer);

  const hi = [{ role: "user" as const, content: "Hello!" }];

  it("answers JSON through the openai SDK from the stream: false answer", async () => {
    upstream.on("POST /local/api/chat", respond(200, CHAT_JSON));
    const completion = await proxy.client.chat.completions.create({ model: "ollama/llama3.2", messages: hi, temperature: 0 });
    expectCompletion(completion);
    expect(completion.choices[0]!.message.content).toBe("Hello! How are you today?");
    expect(completion.usage).toEqual({ prompt_tokens: 26, completion_tokens: 298, total_tokens: 324 });
    const sent = upstream.requests.at(-1)!;
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.json()).toEqual({ model: "llama3.2", messages: hi, stream: false, options: { temperature: 0 } });
  });

  it("streams the recorded NDJSON through the openai SDK, with usage when asked", async () => {
    upstream.on("POST /local/api/chat", replayNdjson(CHAT_STREAM));
    const stream = await proxy.client.chat.completions.create({
      model: "ollama/llama3.2",
      messages: hi,
      stream: true,
      stream_options: { include_usage: true },
    });
    const { chunks, text, usage } = await readSdkStream(stream);
    expect(text).toBe("The sky is blue.");
    expect(chunks).toHaveLength(5);
    expect(usage).toEqual({ prompt_tokens: 26, completion_tokens: 4, total_tokens: 30 });
    expect(upstream.requests.at(-1)!.json()).toEqual({ model: "llama3.2", messages: hi, stream: true });
  });

  it("streams the recorded tool call to a remote Ollama with its key", async () => {
    upstream.on("POST /cloud/api/chat", replayNdjson(TOOL_STREAM));
    const stream = proxy.client.chat.completions.stream({
      model: "ollama-cloud/llama3.2",
      messages: [{ role: "user", content: "What is the weather today in Paris?" }],
      tools: [weatherTool],
    });
    for await (const chunk of stream) expectChunk(chunk);
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.finish_reason).toBe("tool_calls");
    const [call] = final.choices[0]!.message.tool_calls!;
    expect(call).toMatchObject({
      type: "function",
      function: { name: "get_current_weather", arguments: '{"format":"celsius","location":"Paris, FR"}' },
    });
    expect(call!.id).toMatch(TOOL_CALL_ID);
    const sent = upstream.requests.at(-1)!;
    expect(sent.url).toBe("/cloud/api/chat");
    expect(sent.headers.authorization).toBe(`Bearer ${CLOUD_KEY}`);
    expect(sent.json().tools).toEqual([weatherTool]);
  });

  it("reports a model that is not installed as a 404 model_not_found", async () => {
    upstream.on("POST /local/api/chat", respond(404, NOT_FOUND));
    const raw = await proxy.post("/v1/chat/completions", { model: "ollama/llama9", messages: hi, stream: true });
    expect(raw.status).toBe(404);
    expectError(raw.json());
    expect(raw.json().error).toMatchObject({ code: "model_not_found", message: 'model "llama9" not found, try pulling it first' });
    const failure = await proxy.client.chat.completions.create({ model: "ollama/llama9", messages: hi }).catch((e) => e);
    expect(failure).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("ends a stream whose upstream sends an error line with one error event", async () => {
    const broken = `${lines(CHAT_STREAM)[0]}\n{"error":"an error was encountered while running the model: unexpected EOF"}\n`;
    upstream.on("POST /local/api/chat", replayNdjson(broken));
    const raw = await proxy.post("/v1/chat/completions", { model: "ollama/llama3.2", messages: hi, stream: true });
    const data = sseData(raw.text);
    expect(data).not.toContain("[DONE]");
    expect(data).toHaveLength(2);
    expectChunk(JSON.parse(data[0]!));
    const error = JSON.parse(data[1]!);
    expectError(error);
    expect(error.error.message).toBe("an error was encountered while running the model: unexpected EOF");

    upstream.on("POST /local/api/chat", replayNdjson(broken));
    const stream = await proxy.client.chat.completions.create({ model: "ollama/llama3.2", messages: hi, stream: true });
    const failure = await (async () => {
      for await (const chunk of stream) void chunk;
    })().catch((e) => e);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
  });

  it("fetches an image URL from an allowed host and sends Ollama its bytes", async () => {
    upstream.on("POST /local/api/chat", respond(200, CHAT_JSON));
    const completion = await proxy.client.chat.completions.create({
      model: "ollama/llava:7b",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: images.url } },
          ],
        },
      ],
    });
    expectCompletion(completion);
    expect(upstream.requests.at(-1)!.json().messages).toEqual([{ role: "user", content: "What is this?", images: [PNG_BASE64] }]);
  });

  /** Asks a proxy with the default image policy (no host allowed) about an image at `url`. */
  async function askWithDefaultImagePolicy(url: string, check: (raw: RawResponse, proxy: TestProxy) => void): Promise<void> {
    const strict = await startProxyForTest(`
providers:
  ollama:
    type: ollama
    base_url: ${upstream.url}/local
`);
    const raw = await strict.post("/v1/chat/completions", {
      model: "ollama/llava:7b",
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url } }] }],
    });
    expect(raw.status).toBe(400);
    expectError(raw.json());
    check(raw, strict);
  }

  it("refuses an image URL on a private address by default, before calling Ollama", async () => {
    const before = upstream.requests.length;
    await askWithDefaultImagePolicy(images.url, (raw) => {
      expect(raw.json().error).toMatchObject({ param: "messages[0].content[0].image_url.url", code: "invalid_image_url" });
      expect(raw.json().error.message).toContain(images.url);
    });
    expect(upstream.requests.length).toBe(before);
  });

  it("does not tell the client what a refused image host resolves to", async () => {
    const byName = images.url.replace("127.0.0.1", "localhost");
    await askWithDefaultImagePolicy(byName, (raw, strict) => {
      const { message } = raw.json().error;
      expect(message).toContain(byName);
      expect(message).toContain("localhost does not resolve to a public internet address");
      expect(message).not.toMatch(/127\.0\.0\.1|::1/);
      // The operator's debug log says which address it was.
      const logged = strict.logs.map((line) => JSON.parse(line)).find((line) => line.msg === "image fetch refused");
      expect(logged).toMatchObject({ level: "debug", host: "localhost", address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) });
    });
  });

  it("lists installed models as ollama/<name>", async () => {
    upstream.on("GET /local/api/tags", respond(200, fixture("ollama/tags.json")));
    upstream.on(
      "GET /cloud/api/tags",
      respond(200, JSON.stringify({ models: [{ name: "gpt-oss:120b", model: "gpt-oss:120b", modified_at: "2025-08-05T00:00:00Z" }] })),
    );
    const raw = await proxy.get("/v1/models");
    expectModelList(raw.json());
    expect(raw.json().data).toEqual([
      { id: "ollama/llama3.2:latest", object: "model", created: 1771624609, owned_by: "ollama" },
      { id: "ollama/llava:7b", object: "model", created: 1771431121, owned_by: "ollama" },
      { id: "ollama-cloud/gpt-oss:120b", object: "model", created: 1754352000, owned_by: "ollama-cloud" },
    ]);
    expect(upstream.requests.find((request) => request.url === "/cloud/api/tags")!.headers.authorization).toBe(`Bearer ${CLOUD_KEY}`);
  });
});
