import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { ollama } from "../src/providers/ollama/index.js";
import { OllamaStreamTranslator } from "../src/providers/ollama/stream.js";
import { ProxyError } from "../src/errors.js";
import type { InlineImage } from "../src/providers/shared/data-url.js";
import { expectChunk, expectCompletion, expectError, expectModelList, readSdkStream } from "./helpers/openai-schema.js";
import { fixture, respond, startMockUpstream, type MockUpstream } from "./helpers/mock-upstream.js";
import { PNG_BASE64, startImageServer, type ImageServer } from "./helpers/image-server.js";
import { replayNdjson } from "./helpers/native-streams.js";
import { sseData, startTestProxy, type RawResponse, type TestProxy } from "./helpers/proxy.js";
import { lines, testProvider, translateAll, translationContext, type ContextOptions } from "./helpers/translation.js";
import { withCredentials } from "../src/pipeline/credentials.js";

const CHAT_STREAM = fixture("ollama/chat-stream.ndjson");
const TOOL_STREAM = fixture("ollama/chat-tool-call-stream.ndjson");
const CHAT_JSON = fixture("ollama/chat.json");
const NOT_FOUND = fixture("ollama/error-model-not-found.json");
const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_current_weather",
    description: "Get the current weather for a location",
    parameters: {
      type: "object",
      properties: { location: { type: "string" }, format: { type: "string", enum: ["celsius", "fahrenheit"] } },
    },
  },
};
const TOOL_CALL_ID = /^call_[0-9A-Za-z]{24}$/;

async function build(request: object, options: ContextOptions = {}) {
  const ctx = translationContext(ollama, { model: "llama3.2", ...request }, options);
  // What goes on the wire: the translation, then the credentials step.
  const call = withCredentials(await ollama.chat.buildRequest(ctx), ctx.provider, ollama.auth);
  return { call, body: JSON.parse(call.body!) };
}

async function rejection(promise: Promise<unknown>): Promise<ProxyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProxyError)) throw new Error(`expected a ProxyError, got ${String(error)}`);
  return error;
}

describe("Ollama request", () => {
  it("builds /api/chat: options, format, tools, think, keep_alive, images and tool turns", async () => {
    const { call, body } = await build(
      {
        messages: [
          { role: "developer", content: "Answer in French." },
          {
            role: "user",
            content: [
              { type: "text", text: "Weather where this photo was taken?" },
              { type: "image_url", image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
            ],
          },
          {
            role: "assistant",
            content: null,
            reasoning_content: "Looks like Paris.",
            tool_calls: [
              {
                id: "call_1",
                type: "function",
                function: { name: "get_current_weather", arguments: '{"location":"Paris, FR","format":"celsius"}' },
              },
            ],
          },
          { role: "tool", tool_call_id: "call_1", content: "22°C" },
        ],
        temperature: 0.2,
        top_p: 0.8,
        max_completion_tokens: 256,
        stop: "END",
        seed: 11,
        presence_penalty: 0.5,
        frequency_penalty: 0.25,
        response_format: {
          type: "json_schema",
          json_schema: { name: "w", schema: { type: "object", properties: { c: { type: "number" } } } },
        },
        tools: [weatherTool],
        reasoning_effort: "high",
        keep_alive: "10m",
        options: { num_ctx: 8192, temperature: 1 },
        user: "someone",
        store: true,
      },
      { provider: testProvider(ollama, { api_key: undefined }) },
    );
    expect(call).toMatchObject({ method: "POST", url: "http://localhost:11434/api/chat", response: "json" });
    expect(call.headers).toEqual({ accept: "application/json", "content-type": "application/json" });
    expect(body).toEqual({
      model: "llama3.2",
      messages: [
        { role: "system", content: "Answer in French." },
        { role: "user", content: "Weather where this photo was taken?", images: [PNG_BASE64] },
        {
          role: "assistant",
          content: "",
          thinking: "Looks like Paris.",
          tool_calls: [
            { id: "call_1", function: { name: "get_current_weather", arguments: { location: "Paris, FR", format: "celsius" } } },
          ],
        },
        { role: "tool", content: "22°C", tool_call_id: "call_1", tool_name: "get_current_weather" },
      ],
      stream: false,
      options: {
        num_ctx: 8192,
        temperature: 0.2,
        top_p: 0.8,
        num_predict: 256,
        stop: ["END"],
        seed: 11,
        presence_penalty: 0.5,
        frequency_penalty: 0.25,
      },
      format: { type: "object", properties: { c: { type: "number" } } },
      tools: [weatherTool],
      think: true,
      keep_alive: "10m",
    });
  });

  it("streams as NDJSON and sends the key of a remote Ollama", async () => {
    const { call, body } = await build(
      { messages: [{ role: "user", content: "hi" }], stream: true, max_tokens: 5, response_format: { type: "json_object" } },
      { provider: testProvider(ollama, { base_url: "https://ollama.com", api_key: "ollama-key" }) },
    );
    expect(call).toMatchObject({ url: "https://ollama.com/api/chat", response: "ndjson" });
    expect(call.headers).toMatchObject({ accept: "application/x-ndjson", authorization: "Bearer ollama-key" });
    expect(body).toEqual({
      model: "llama3.2",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      options: { num_predict: 5 },
      format: "json",
    });
  });

  it("maps reasoning_effort to think: levels for models that take them, true or false for the rest", async () => {
    const think = async (model: string, extra: object) =>
      (await build({ model, messages: [{ role: "user", content: "hi" }], ...extra })).body.think;
    expect(await think("gpt-oss:20b", { reasoning_effort: "minimal" })).toBe("low");
    expect(await think("gpt-oss:20b", { reasoning_effort: "medium" })).toBe("medium");
    expect(await think("gpt-oss:120b", { reasoning_effort: "xhigh" })).toBe("high");
    expect(await think("qwen3:8b", { reasoning_effort: "low" })).toBe(true);
    expect(await think("qwen3:8b", { reasoning_effort: "none" })).toBe(false);
    expect(await think("qwen3:8b", {})).toBeUndefined();
    expect(await think("qwen3:8b", { reasoning_effort: "high", think: false })).toBe(false);
    const levels = testProvider(ollama, { options: ollama.options!({ think_level_models: ["deepseek-*"] }, "options") });
    expect(
      (await build({ model: "deepseek-r1:8b", messages: [{ role: "user", content: "hi" }], reasoning_effort: "low" }, { provider: levels }))
        .body.think,
    ).toBe("low");
  });

  it("honours tool_choice none and a named function by narrowing the tools", async () => {
    const other = { type: "function" as const, function: { name: "other" } };
    const base = { messages: [{ role: "user", content: "hi" }], tools: [weatherTool, other] };
    expect((await build({ ...base, tool_choice: "none" })).body.tools).toBeUndefined();
    expect((await build({ ...base, tool_choice: { type: "function", function: { name: "other" } } })).body.tools).toEqual([other]);
    expect((await build({ ...base, tool_choice: "required" })).body.tools).toEqual([weatherTool, other]);
    expect(await rejection(build({ ...base, tool_choice: { type: "function", function: { name: "nope" } } }))).toMatchObject({
      status: 400,
      param: "tool_choice",
    });
  });

  it("fetches http(s) image URLs through the context, naming the field", async () => {
    const fetched: Array<[string, string]> = [];
    const fetchImage = async (url: string, param: string): Promise<InlineImage> => {
      fetched.push([url, param]);
      return { mediaType: "image/png", base64: PNG_BASE64 };
    };
    const { body } = await build(
      {
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Compare" },
              { type: "image_url", image_url: { url: "https://images.example.com/a.png" } },
              { type: "text", text: "and" },
              { type: "image_url", image_url: { url: "https://images.example.com/b.png", detail: "high" } },
            ],
          },
        ],
      },
      { fetchImage },
    );
    expect(body.messages).toEqual([{ role: "user", content: "Compare\nand", images: [PNG_BASE64, PNG_BASE64] }]);
    expect(fetched).toEqual([
      ["https://images.example.com/a.png", "messages[0].content[1].image_url.url"],
      ["https://images.example.com/b.png", "messages[0].content[3].image_url.url"],
    ]);
  });

  it("checks every message before fetching any image", async () => {
    let fetches = 0;
    const fetchImage = async (): Promise<InlineImage> => {
      fetches++;
      return { mediaType: "image/png", base64: PNG_BASE64 };
    };
    const error = await rejection(
      build(
        {
          messages: [
            { role: "user", content: [{ type: "image_url", image_url: { url: "https://images.example.com/a.png" } }] },
            { role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{oops" } }] },
          ],
        },
        { fetchImage },
      ),
    );
    expect(error).toMatchObject({ status: 400, param: "messages[1].tool_calls[0].function.arguments" });
    expect(fetches).toBe(0);
  });

  it("answers 400 for what Ollama cannot take", async () => {
    const cases: Array<[object, string]> = [
      [{ messages: [{ role: "user", content: "hi" }], n: 2 }, "n"],
      [
        { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "ftp://x/y.png" } }] }] },
        "messages[0].content[0].image_url.url",
      ],
      [
        { messages: [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "AAA", format: "wav" } }] }] },
        "messages[0].content[0].type",
      ],
      [{ messages: [{ role: "function", name: "f", content: "x" }] }, "messages[0].role"],
      [
        { messages: [{ role: "user", content: "hi" }], response_format: { type: "json_schema", json_schema: { name: "x" } } },
        "response_format",
      ],
      [{ messages: [{ role: "user", content: "hi" }], reasoning_effort: "extreme" }, "reasoning_effort"],
    ];
    for (const [request, param] of cases) {
      const error = await rejection(build(request));
      expect(error).toMatchObject({ status: 400, param });
      expectError(error.toBody());
    }
  });
});

describe("Ollama stream translation (recorded lines)", () => {
  const identity = { id: "chatcmpl-test0000", object: "chat.completion.chunk", created: 1_700_000_000, model: "llama3.2" };
  const translate = (ndjson: string) =>
    translateAll(
      new OllamaStreamTranslator(translationContext(ollama, { model: "llama3.2", messages: [], stream: true })),
      lines(ndjson),
    ).map((entry) => entry.chunk);
  const choice = (delta: object, finish_reason: string | null = null) => ({
    ...identity,
    choices: [{ index: 0, delta, logprobs: null, finish_reason }],
  });

  it("turns text lines into chunks, the done line into the finish and usage chunks", () => {
    const chunks = translate(CHAT_STREAM);
    expect(chunks).toEqual([
      choice({ role: "assistant", content: "The" }),
      choice({ content: " sky" }),
      choice({ content: " is blue." }),
      choice({}, "stop"),
      { ...identity, choices: [], usage: { prompt_tokens: 26, completion_tokens: 4, total_tokens: 30 } },
    ]);
    for (const chunk of chunks) expectChunk(chunk);
  });

  it("turns a tool call line into a whole tool-call delta with an id, and stop into tool_calls", () => {
    const chunks = translate(TOOL_STREAM);
    const id = chunks[0]!.choices[0]!.delta.tool_calls![0]!.id!;
    expect(id).toMatch(TOOL_CALL_ID);
    expect(chunks).toEqual([
      choice({
        role: "assistant",
        tool_calls: [
          {
            index: 0,
            id,
            type: "function",
            function: { name: "get_current_weather", arguments: '{"format":"celsius","location":"Paris, FR"}' },
          },
        ],
      }),
      choice({}, "tool_calls"),
      { ...identity, choices: [], usage: { prompt_tokens: 122, completion_tokens: 33, total_tokens: 155 } },
    ]);
    for (const chunk of chunks) expectChunk(chunk);
  });

  it("passes thinking as reasoning_content and keeps Ollama's own call ids", () => {
    const [done] = lines(CHAT_STREAM).slice(-1);
    const thinking = [
      {
        model: "qwen3",
        created_at: "2026-03-01T10:00:00Z",
        message: { role: "assistant", content: "", thinking: "Let me think." },
        done: false,
      },
      {
        model: "qwen3",
        created_at: "2026-03-01T10:00:01Z",
        message: { role: "assistant", content: "", tool_calls: [{ id: "call_abc", function: { index: 0, name: "f", arguments: {} } }] },
        done: false,
      },
    ];
    const chunks = translate([...thinking.map((line) => JSON.stringify(line)), done].join("\n"));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: "assistant", reasoning_content: "Let me think." },
      { tool_calls: [{ index: 0, id: "call_abc", type: "function", function: { name: "f", arguments: "{}" } }] },
      {},
      undefined,
    ]);
    expect(chunks[0]!.model).toBe("qwen3");
  });

  it("numbers parallel calls of one line one after the other", () => {
    const [callLine, doneLine] = lines(TOOL_STREAM).map((line) => JSON.parse(line));
    callLine.message.tool_calls.push({ function: { name: "get_current_weather", arguments: { format: "celsius", location: "Lyon, FR" } } });
    const chunks = translate([JSON.stringify(callLine), JSON.stringify({ ...doneLine, done_reason: "length" })].join("\n"));
    expect(chunks[0]!.choices[0]!.delta.tool_calls!.map((call) => [call.index, call.function?.arguments])).toEqual([
      [0, '{"format":"celsius","location":"Paris, FR"}'],
      [1, '{"format":"celsius","location":"Lyon, FR"}'],
    ]);
    expect(chunks[1]!.choices[0]!.finish_reason).toBe("length");
  });

  it("fails on an error line, on garbage and on a stream without its done line", () => {
    const error = (() => {
      try {
        translate(`${lines(CHAT_STREAM)[0]}\n{"error":"an error was encountered while running the model: unexpected EOF"}`);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProxyError);
    expect(error).toMatchObject({ status: 502, message: "an error was encountered while running the model: unexpected EOF" });
    expect(() => translate("not json")).toThrow(/malformed stream line/);
    expect(() => translate(lines(CHAT_STREAM).slice(0, 2).join("\n"))).toThrow(/ended before the answer was complete/);
  });
});

describe("garbled Ollama answers", () => {
  it("are 502s, never crashes", () => {
    const context = () => translationContext(ollama, { model: "llama3.2", messages: [], stream: true });
    for (const line of ['{"model":"m","done":false}', '{"message":{"content":"","tool_calls":[null]},"done":false}', "[1]"]) {
      expect(() => translateAll(new OllamaStreamTranslator(context()), [line])).toThrow(/malformed/);
    }
    expect(() => ollama.chat.parseResponse('{"message":{"tool_calls":{}},"done":true}', context())).toThrow(/malformed/);
  });
});

describe("Ollama JSON answers and errors", () => {
  it("turns the stream: false answer into a completion with usage", () => {
    const completion = ollama.chat.parseResponse(CHAT_JSON, translationContext(ollama, { model: "llama3.2", messages: [] })).completion;
    expect(completion).toEqual({
      id: "chatcmpl-test0000",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "llama3.2",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Hello! How are you today?", refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 26, completion_tokens: 298, total_tokens: 324 },
    });
    expectCompletion(completion);
  });

  it("gives a JSON answer's tool calls ids and stringified arguments, and finish_reason tool_calls", () => {
    // The tool-call line of the recorded stream, as the stream: false answer carries it.
    const [callLine, doneLine] = lines(TOOL_STREAM).map((line) => JSON.parse(line));
    const body = { ...doneLine, message: callLine.message };
    body.message.tool_calls.push({ function: { name: "get_current_weather", arguments: { format: "celsius", location: "Lyon, FR" } } });
    const completion = ollama.chat.parseResponse(
      JSON.stringify(body),
      translationContext(ollama, { model: "llama3.2", messages: [] }),
    ).completion;
    expectCompletion(completion);
    const message = completion.choices[0]!.message;
    expect(completion.choices[0]!.finish_reason).toBe("tool_calls");
    expect(message.tool_calls!.map((call) => (call.type === "function" ? call.function : undefined))).toEqual([
      { name: "get_current_weather", arguments: '{"format":"celsius","location":"Paris, FR"}' },
      { name: "get_current_weather", arguments: '{"format":"celsius","location":"Lyon, FR"}' },
    ]);
    const ids = message.tool_calls!.map((call) => call.id);
    for (const id of ids) expect(id).toMatch(TOOL_CALL_ID);
    expect(new Set(ids).size).toBe(2);
    expect(completion.usage).toEqual({ prompt_tokens: 122, completion_tokens: 33, total_tokens: 155 });
  });

  it("says length when Ollama stopped at num_predict", () => {
    const body = { ...JSON.parse(CHAT_JSON), done_reason: "length" };
    const completion = ollama.chat.parseResponse(
      JSON.stringify(body),
      translationContext(ollama, { model: "llama3.2", messages: [] }),
    ).completion;
    expect(completion.choices[0]!.finish_reason).toBe("length");
  });

  it("reports a missing model as OpenAI does, other errors with their status", () => {
    const notFound = ollama.parseError(404, NOT_FOUND, {});
    expect(notFound.status).toBe(404);
    expect(notFound.toBody()).toEqual({
      error: {
        message: 'model "llama9" not found, try pulling it first',
        type: "invalid_request_error",
        param: null,
        code: "model_not_found",
      },
    });
    const other = ollama.parseError(400, '{"error":"\\"llama3.2\\" does not support thinking"}', {});
    expect(other.toBody().error).toEqual({
      message: '"llama3.2" does not support thinking',
      type: "invalid_request_error",
      param: null,
      code: null,
    });
  });
});

describe("Ollama through the proxy", () => {
  const CLOUD_KEY = "ollama-cloud-secret-0123456789";
  let upstream: MockUpstream;
  let proxy: TestProxy;
  let images: ImageServer;
  let imageUrl: string;

  beforeAll(async () => {
    upstream = await startMockUpstream();
    images = await startImageServer();
    imageUrl = images.url;
    proxy = await startTestProxy(
      `
images:
  allow_hosts: ["127.0.0.1"]
providers:
  ollama:
    type: ollama
    base_url: ${upstream.url}/local
  ollama-cloud:
    type: ollama
    base_url: ${upstream.url}/cloud
    api_key: \${OLLAMA_API_KEY}
`,
      { OLLAMA_API_KEY: CLOUD_KEY },
    );
  });

  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
    await images?.close();
  });

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
            { type: "image_url", image_url: { url: imageUrl } },
          ],
        },
      ],
    });
    expectCompletion(completion);
    expect(upstream.requests.at(-1)!.json().messages).toEqual([{ role: "user", content: "What is this?", images: [PNG_BASE64] }]);
  });

  /** Asks a proxy with the default image policy (no host allowed) about an image at `url`. */
  async function askWithDefaultImagePolicy(url: string, check: (raw: RawResponse, proxy: TestProxy) => void): Promise<void> {
    const strict = await startTestProxy(`
providers:
  ollama:
    type: ollama
    base_url: ${upstream.url}/local
`);
    try {
      const raw = await strict.post("/v1/chat/completions", {
        model: "ollama/llava:7b",
        messages: [{ role: "user", content: [{ type: "image_url", image_url: { url } }] }],
      });
      expect(raw.status).toBe(400);
      expectError(raw.json());
      check(raw, strict);
    } finally {
      await strict.close();
    }
  }

  it("refuses an image URL on a private address by default, before calling Ollama", async () => {
    const before = upstream.requests.length;
    await askWithDefaultImagePolicy(imageUrl, (raw) => {
      expect(raw.json().error).toMatchObject({ param: "messages[0].content[0].image_url.url", code: "invalid_image_url" });
      expect(raw.json().error.message).toContain(imageUrl);
    });
    expect(upstream.requests.length).toBe(before);
  });

  it("does not tell the client what a refused image host resolves to", async () => {
    const byName = imageUrl.replace("127.0.0.1", "localhost");
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
