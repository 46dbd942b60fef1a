import { describe, expect, it } from "vitest";
import OpenAI from "openai";
import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { expectChunk, expectCompletion, expectError, expectModelList, readSdkStream } from "../helpers/openai-schema.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";
import { anthropicMessage } from "../helpers/anthropic-message.js";
import { scrape, total } from "../helpers/metrics.js";
import { fixture, lines } from "../helpers/files.js";
import { sseEvents, sseData, toSse } from "../helpers/sse.js";
import { replaySse, respond } from "../helpers/mock-answers.js";

const KEY = "sk-ant-test-0123456789";

const { upstream, proxy } = useProxyAgainstMock(
  (url) =>
    `
providers:
  anthropic:
    type: anthropic
    base_url: ${url}
    api_key: \${ANTHROPIC_API_KEY}
  claude-next:
    type: anthropic
    base_url: ${url}
    api_key: \${ANTHROPIC_API_KEY}
    options:
      anthropic_version: "2026-10-21"
      default_max_tokens: 1000
      thinking_budgets: { low: 2000 }
  claude-tuned:
    type: anthropic
    base_url: ${url}
    api_key: \${ANTHROPIC_API_KEY}
    options:
      max_output_tokens_by_model: { "claude-opus-4-1*": 20000 }
      efforts_by_model: { "claude-opus-4-7*": [low, high] }
      sampling_by_model: { "claude-sonnet-4-5*": both }
      thinking_mode_by_model: { "claude-sonnet-4-5*": none }
retry: { max_retries: 0 } # one upstream call per request: retries have their own tests (test/e2e/resilience*)
routes:
  - { match: "claude-*", provider: anthropic }
`,
  { ANTHROPIC_API_KEY: KEY },
);

const hello = [{ role: "user" as const, content: "Hello" }];
const okMessage = () => respond(200, JSON.stringify(anthropicMessage([{ type: "text", text: "Hi!", citations: null }])));

/** Sends a JSON request and returns the body the mock upstream received. */
async function sentBody(request: Record<string, unknown>): Promise<any> {
  upstream.on("POST /v1/messages", okMessage());
  const response = await proxy.post("/v1/chat/completions", request);
  expect(response.status, response.text).toBe(200);
  return upstream.requests.at(-1)!.json();
}

/** Sends a request the proxy must refuse; returns the OpenAI error body. */
async function refused(request: Record<string, unknown>) {
  const before = upstream.requests.length;
  const response = await proxy.post("/v1/chat/completions", request);
  expect(response.status).toBe(400);
  expect(upstream.requests.length).toBe(before);
  expectError(response.json());
  return response.json().error;
}

describe("Anthropic: JSON completions", () => {
  it("calls /v1/messages with x-api-key and anthropic-version, and the openai SDK reads the answer", async () => {
    upstream.on("POST /v1/messages", okMessage());
    const completion = await proxy.client.chat.completions.create({ model: "claude-sonnet-4-5", messages: hello });
    expectCompletion(completion);
    expect(completion.choices[0]!.message.content).toBe("Hi!");
    expect(completion.model).toBe("claude-sonnet-4-5-20250929");
    expect(completion.usage).toEqual({
      prompt_tokens: 25,
      completion_tokens: 12,
      total_tokens: 37,
      prompt_tokens_details: { cached_tokens: 0 },
    });

    const sent = upstream.requests.at(-1)!;
    expect(sent.url).toBe("/v1/messages");
    expect(sent.headers["x-api-key"]).toBe(KEY);
    expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.json()).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 32000,
      messages: [{ role: "user", content: [{ type: "text", text: "Hello" }] }],
    });
  });

  it("reaches a second Anthropic provider by provider/model, with its own options", async () => {
    const body = await sentBody({ model: "claude-next/claude-sonnet-4-5", messages: hello, reasoning_effort: "low" });
    expect(upstream.requests.at(-1)!.headers["anthropic-version"]).toBe("2026-10-21");
    expect(body).toMatchObject({ model: "claude-sonnet-4-5", max_tokens: 3000, thinking: { type: "enabled", budget_tokens: 2000 } });

    // API version 2026-10-21 refuses sampling parameters altogether.
    const sampled = await sentBody({ model: "claude-next/claude-sonnet-4-5", messages: hello, temperature: 0.2, top_p: 0.5 });
    expect(sampled).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 1000,
      messages: [{ role: "user", content: [{ type: "text", text: "Hello" }] }],
    });
  });
});

describe("Anthropic: per-model tables in the provider's options", () => {
  it("replace the built-in output limits, efforts, sampling and thinking modes", async () => {
    const opus41 = await sentBody({ model: "claude-tuned/claude-opus-4-1", messages: hello, reasoning_effort: "max" });
    expect([opus41.max_tokens, opus41.thinking]).toEqual([20000, { type: "enabled", budget_tokens: 10000 }]);

    const opus47 = await sentBody({ model: "claude-tuned/claude-opus-4-7", messages: hello, reasoning_effort: "medium" });
    expect(opus47.output_config).toEqual({ effort: "high" });

    const sonnet = await sentBody({
      model: "claude-tuned/claude-sonnet-4-5",
      messages: hello,
      reasoning_effort: "high",
      temperature: 0.2,
      top_p: 0.5,
    });
    expect(sonnet).toEqual({ model: "claude-sonnet-4-5", max_tokens: 32000, messages: sonnet.messages, temperature: 0.2, top_p: 0.5 });
  });
});

describe("Anthropic: the request the upstream receives", () => {
  it("moves system and developer messages to `system`, merges consecutive user turns, and sends images by data or URL", async () => {
    const body = await sentBody({
      model: "claude-sonnet-4-5",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "developer", content: [{ type: "text", text: "Answer in French." }] },
        { role: "user", content: "Look at these." },
        {
          role: "user",
          content: [
            { type: "text", text: "Which is bigger?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            { type: "image_url", image_url: { url: "https://example.com/cat.jpg", detail: "high" } },
          ],
        },
      ],
    });
    expect(body).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 32000,
      system: [
        { type: "text", text: "You are terse." },
        { type: "text", text: "Answer in French." },
      ],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Look at these." },
            { type: "text", text: "Which is bigger?" },
            { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
            { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
          ],
        },
      ],
    });
  });

  it("sends an image/jpg data URL as image/jpeg, the type Anthropic accepts", async () => {
    const body = await sentBody({
      model: "claude-sonnet-4-5",
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/jpg;base64,/9j/4AAQ" } }] }],
    });
    expect(body.messages).toEqual([
      { role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/4AAQ" } }] },
    ]);
  });

  const weatherTool = {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current weather in a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
    },
  };

  it("translates tools, tool calls, tool results (merged into one user turn), stop, sampling and user", async () => {
    const body = await sentBody({
      model: "claude-sonnet-4-5",
      messages: [
        { role: "user", content: "Weather in Paris and Oslo?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "toolu_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
            { id: "toolu_2", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
          ],
        },
        { role: "tool", tool_call_id: "toolu_1", content: "18°C" },
        { role: "tool", tool_call_id: "toolu_2", content: [{ type: "text", text: "3°C" }] },
        { role: "user", content: "And tomorrow?" },
      ],
      tools: [weatherTool],
      tool_choice: "required",
      parallel_tool_calls: false,
      stop: "END",
      temperature: 1.5,
      top_p: 0.9,
      max_tokens: 500,
      user: "user-42",
    });
    expect(body).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 500,
      messages: [
        { role: "user", content: [{ type: "text", text: "Weather in Paris and Oslo?" }] },
        {
          role: "assistant",
          content: [
            { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
            { type: "tool_use", id: "toolu_2", name: "get_weather", input: { city: "Oslo" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_1", content: "18°C" },
            { type: "tool_result", tool_use_id: "toolu_2", content: "3°C" },
            { type: "text", text: "And tomorrow?" },
          ],
        },
      ],
      tools: [{ name: "get_weather", description: "Current weather in a city", input_schema: weatherTool.function.parameters }],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
      stop_sequences: ["END"],
      // Claude Sonnet 4.5 takes temperature or top_p, not both: temperature is kept.
      temperature: 1,
      metadata: { user_id: "user-42" },
    });
  });

  it("puts tool results first in the user turn they share with a user message, as Anthropic requires", async () => {
    const body = await sentBody({
      model: "claude-sonnet-4-5",
      messages: [
        { role: "user", content: "Compare the two screenshots." },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "toolu_1", type: "function", function: { name: "screenshot", arguments: "{}" } },
            { id: "toolu_2", type: "function", function: { name: "screenshot", arguments: "{}" } },
          ],
        },
        { role: "tool", tool_call_id: "toolu_1", content: "first taken" },
        { role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }] },
        { role: "tool", tool_call_id: "toolu_2", content: "second taken" },
      ],
    });
    expect(body.messages.at(-1)).toEqual({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "toolu_1", content: "first taken" },
        { type: "tool_result", tool_use_id: "toolu_2", content: "second taken" },
        { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
      ],
    });
  });

  it.each([
    ["none", { type: "none" }],
    ["auto", { type: "auto" }],
    [
      { type: "function", function: { name: "get_weather" } },
      { type: "tool", name: "get_weather" },
    ],
  ])("maps tool_choice %j to %j", async (choice, expected) => {
    const body = await sentBody({ model: "claude-sonnet-4-5", messages: hello, tools: [weatherTool], tool_choice: choice });
    expect(body.tool_choice).toEqual(expected);
  });

  it("narrows the tool list for OpenAI's allowed_tools", async () => {
    const other = { type: "function", function: { name: "get_time", parameters: { properties: {} } } };
    const body = await sentBody({
      model: "claude-sonnet-4-5",
      messages: hello,
      tools: [weatherTool, other],
      tool_choice: {
        type: "allowed_tools",
        allowed_tools: { mode: "required", tools: [{ type: "function", function: { name: "get_time" } }] },
      },
    });
    expect(body.tools).toEqual([{ name: "get_time", input_schema: { type: "object", properties: {} } }]);
    expect(body.tool_choice).toEqual({ type: "any" });
  });

  it("sends a JSON schema response_format as output_config.format", async () => {
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false };
    const body = await sentBody({
      model: "claude-sonnet-4-5",
      messages: hello,
      response_format: { type: "json_schema", json_schema: { name: "reply", strict: true, schema } },
    });
    expect(body.output_config).toEqual({ format: { type: "json_schema", schema } });
  });

  describe("sampling parameters", () => {
    it.each([
      ["claude-3-7-sonnet-20250219", { temperature: 0.2, top_p: 0.5 }],
      ["claude-sonnet-4-20250514", { temperature: 0.2, top_p: 0.5 }],
      ["claude-3-5-haiku-latest", { temperature: 0.2, top_p: 0.5 }],
      ["claude-opus-4-1-20250805", { temperature: 0.2 }],
      ["claude-sonnet-4-5", { temperature: 0.2 }],
      ["claude-haiku-4-5-20251001", { temperature: 0.2 }],
      ["claude-opus-4-5", { temperature: 0.2 }],
      ["claude-sonnet-4-6", { temperature: 0.2 }],
      ["claude-opus-4-6", { temperature: 0.2 }],
      ["claude-opus-4-7", {}],
      ["claude-opus-4-8", {}],
      ["claude-sonnet-5", {}],
      ["anthropic/kimi-k2-instruct", { temperature: 0.2, top_p: 0.5 }],
    ])("%s gets %j of temperature 0.2 and top_p 0.5", async (model, sampling) => {
      const body = await sentBody({ model, messages: hello, temperature: 0.2, top_p: 0.5 });
      expect({ temperature: body.temperature, top_p: body.top_p }).toEqual({ temperature: undefined, top_p: undefined, ...sampling });
    });

    it("keeps top_p alone on a model that takes only one of the two", async () => {
      const body = await sentBody({ model: "claude-sonnet-4-5", messages: hello, top_p: 0.5 });
      expect([body.temperature, body.top_p]).toEqual([undefined, 0.5]);
    });
  });

  it("defaults max_tokens per model and prefers max_completion_tokens", async () => {
    expect((await sentBody({ model: "claude-3-haiku-20240307", messages: hello })).max_tokens).toBe(4096);
    expect((await sentBody({ model: "claude-3-5-haiku-latest", messages: hello })).max_tokens).toBe(8192);
    expect((await sentBody({ model: "claude-sonnet-4-5", messages: hello, max_tokens: 10, max_completion_tokens: 20 })).max_tokens).toBe(
      20,
    );
  });

  describe("reasoning_effort", () => {
    it("gives models before Claude 4.6 a thinking budget, raises max_tokens above it and drops sampling parameters", async () => {
      const body = await sentBody({
        model: "claude-sonnet-4-5",
        messages: hello,
        reasoning_effort: "medium",
        max_tokens: 2000,
        temperature: 0.2,
        top_p: 0.5,
      });
      expect(body).toEqual({
        model: "claude-sonnet-4-5",
        max_tokens: 6096,
        messages: [{ role: "user", content: [{ type: "text", text: "Hello" }] }],
        thinking: { type: "enabled", budget_tokens: 4096 },
      });
    });

    it("keeps max_tokens when it already leaves room for the budget", async () => {
      const body = await sentBody({ model: "claude-3-7-sonnet-20250219", messages: hello, reasoning_effort: "high" });
      expect(body).toMatchObject({ max_tokens: 32000, thinking: { type: "enabled", budget_tokens: 16384 } });
    });

    it.each([
      ["claude-opus-4-6", "minimal", "low"],
      ["claude-sonnet-4-6", "medium", "medium"],
      ["claude-sonnet-5", "high", "high"],
      ["claude-opus-4-8", "xhigh", "xhigh"],
      ["claude-mythos-preview", "low", "low"],
    ])("gives %s adaptive thinking with output_config.effort for %s", async (model, effort, native) => {
      const body = await sentBody({ model, messages: hello, reasoning_effort: effort, temperature: 0.3 });
      expect(body.thinking).toEqual({ type: "adaptive", display: "summarized" });
      expect(body.output_config).toEqual({ effort: native });
      expect(body.temperature).toBeUndefined();
    });

    it("sends no thinking when answering tool results, whose signed thinking block OpenAI messages cannot carry", async () => {
      const body = await sentBody({
        model: "claude-sonnet-4-5",
        reasoning_effort: "high",
        temperature: 0.3,
        messages: [
          { role: "user", content: "Weather?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "toolu_1", type: "function", function: { name: "get_weather", arguments: "{}" } }],
          },
          { role: "tool", tool_call_id: "toolu_1", content: "sunny" },
        ],
      });
      expect(body.thinking).toBeUndefined();
      expect(body.max_tokens).toBe(32000);
      expect(body.temperature).toBe(0.3);

      const nextTurn = await sentBody({
        model: "claude-sonnet-4-5",
        reasoning_effort: "high",
        messages: [
          { role: "user", content: "Weather?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "toolu_1", type: "function", function: { name: "get_weather", arguments: "{}" } }],
          },
          { role: "tool", tool_call_id: "toolu_1", content: "sunny" },
          { role: "assistant", content: "Sunny." },
          { role: "user", content: "And tomorrow?" },
        ],
      });
      expect(nextTurn.thinking).toEqual({ type: "enabled", budget_tokens: 16384 });
    });

    it.each([
      ["claude-sonnet-4-5", "required", "high"],
      ["claude-sonnet-4-5", { type: "function", function: { name: "get_weather" } }, "low"],
      ["claude-opus-4-6", "required", "high"],
      ["claude-opus-4-8", { type: "function", function: { name: "get_weather" } }, "xhigh"],
    ])("sends %s no thinking with the forced tool choice %j, which Anthropic refuses with thinking", async (model, choice, effort) => {
      const body = await sentBody({ model, messages: hello, tools: [weatherTool], tool_choice: choice, reasoning_effort: effort });
      expect(body.tool_choice.type).toMatch(/^(any|tool)$/);
      expect(body.thinking).toBeUndefined();
      expect(body.output_config).toBeUndefined();
      expect(body.max_tokens).toBe(32000);
    });

    it.each(["claude-3-5-haiku-latest", "claude-3-5-sonnet-20241022", "claude-3-haiku-20240307", "claude-3-opus-latest"])(
      "sends %s, which cannot think, no thinking and keeps its sampling parameters",
      async (model) => {
        const body = await sentBody({ model, messages: hello, reasoning_effort: "low", temperature: 0.4 });
        expect(body.thinking).toBeUndefined();
        expect(body.output_config).toBeUndefined();
        expect(body.temperature).toBe(0.4);
        expect(body.max_tokens).toBe(model.startsWith("claude-3-5") ? 8192 : 4096);
      },
    );

    it.each([
      // No max_tokens: the default is Opus 4.1's whole output limit, split between thinking and answer.
      ["claude-opus-4-1-20250805", "max", undefined, 32000, 16000],
      // The client's 500 tokens keep their room; the budget gives way.
      ["claude-opus-4-1-20250805", "max", 500, 32000, 31500],
      ["claude-opus-4-1-20250805", "xhigh", 10000, 32000, 22000],
      // The answer keeps at most half the limit.
      ["claude-opus-4-20250514", "max", 30000, 32000, 16000],
      // Within the limit, max_tokens grows by the whole budget.
      ["claude-3-7-sonnet-20250219", "max", undefined, 64000, 32000],
      ["claude-haiku-4-5", "max", 32000, 64000, 32000],
    ])(
      "keeps %s with %s effort and max_tokens %j within its output limit: max_tokens %i, budget %i",
      async (model, effort, maxTokens, sentMax, budget) => {
        const body = await sentBody({ model, messages: hello, reasoning_effort: effort, max_tokens: maxTokens });
        expect(body.max_tokens).toBe(sentMax);
        expect(body.thinking).toEqual({ type: "enabled", budget_tokens: budget });
      },
    );

    it.each([
      ["claude-opus-4-6", "xhigh", "max"],
      ["claude-sonnet-4-6", "xhigh", "max"],
      ["claude-mythos-preview", "xhigh", "max"],
      ["claude-opus-4-7", "xhigh", "xhigh"],
      ["claude-sonnet-5", "minimal", "low"],
    ])("fits %s's effort %s to one it accepts: %s", async (model, effort, native) => {
      const body = await sentBody({ model, messages: hello, reasoning_effort: effort });
      expect(body.output_config).toEqual({ effort: native });
    });

    it("sends no thinking for 'none'", async () => {
      const body = await sentBody({ model: "claude-sonnet-4-5", messages: hello, reasoning_effort: "none", temperature: 0.3 });
      expect(body.thinking).toBeUndefined();
      expect(body.temperature).toBe(0.3);
    });
  });

  describe("refuses what Anthropic cannot do, before calling it", () => {
    it.each([
      [{ n: 2 }, "n"],
      [{ logprobs: true }, "logprobs"],
      [{ response_format: { type: "json_object" } }, "response_format.type"],
      [{ reasoning_effort: "extreme" }, "reasoning_effort"],
      [{ tools: [{ type: "custom", custom: { name: "x" } }] }, "tools[0]"],
      [
        { messages: [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "AA==", format: "wav" } }] }] },
        "messages[0].content[0].type",
      ],
      [
        { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/bmp;base64,Qk0=" } }] }] },
        "messages[0].content[0].image_url.url",
      ],
      [
        { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "ftp://x/y.png" } }] }] },
        "messages[0].content[0].image_url.url",
      ],
      [
        { messages: [{ role: "assistant", tool_calls: [{ id: "t", type: "function", function: { name: "f", arguments: "{oops" } }] }] },
        "messages[0].tool_calls[0].function.arguments",
      ],
      [{ messages: [{ role: "tool", content: "x" }] }, "messages[0].tool_call_id"],
      [{ messages: [{ role: "user", content: [null] }] }, "messages[0].content[0]"],
      [{ messages: [{ role: "system", content: [null] }, ...hello] }, "messages[0].content[0]"],
      [{ messages: [...hello, { role: "assistant", content: "x", tool_calls: {} }] }, "messages[1].tool_calls"],
      [{ messages: [...hello, { role: "assistant", content: "x", tool_calls: [null] }] }, "messages[1].tool_calls[0]"],
    ])("%j → 400 naming %s", async (extra, param) => {
      const error = await refused({ model: "claude-sonnet-4-5", messages: hello, ...extra });
      expect(error.param).toBe(param);
      expect(error.type).toBe("invalid_request_error");
    });
  });
});

describe("Anthropic: streams", () => {
  it("relays the recorded text stream through the openai SDK, with usage when asked", async () => {
    upstream.on("POST /v1/messages", replaySse(fixture("anthropic/text.sse")));
    const stream = await proxy.client.chat.completions.create({
      model: "claude-opus-4-8",
      messages: hello,
      stream: true,
      stream_options: { include_usage: true },
    });
    const { chunks, text } = await readSdkStream(stream);
    expect(text).toBe("Hello there!");
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "" });
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.at(-1)!.usage).toEqual({
      prompt_tokens: 11,
      completion_tokens: 6,
      total_tokens: 17,
      prompt_tokens_details: { cached_tokens: 0 },
    });
    expect(upstream.requests.at(-1)!.json()).toMatchObject({ stream: true });
    expect(upstream.requests.at(-1)!.headers.accept).toBe("text/event-stream");
  });

  it("leaves the usage chunk out when the client did not ask, and ends with [DONE]", async () => {
    upstream.on("POST /v1/messages", replaySse(fixture("anthropic/text.sse")));
    const response = await proxy.post("/v1/chat/completions", { model: "claude-opus-4-8", messages: hello, stream: true });
    const data = sseData(response.text);
    expect(data.at(-1)).toBe("[DONE]");
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    chunks.forEach(expectChunk);
    expect(chunks.every((chunk) => chunk.choices.length === 1 && chunk.usage === undefined)).toBe(true);
  });

  it.each([
    ["with event: lines, as the API sends them", true],
    ["as data: lines only", false],
  ])("translates the recorded tool-use stream %s: stable index, id and name first, fragments joined", async (_label, eventLines) => {
    upstream.on("POST /v1/messages", replaySse(toSse(lines(fixture("anthropic/tool-use-json.chunks.jsonl")), { eventLines })));
    const stream = await proxy.client.chat.completions.create({
      model: "claude-haiku-4-5",
      messages: hello,
      tools: [{ type: "function", function: { name: "json", parameters: { type: "object" } } }],
      stream: true,
    });
    const calls: Array<{ index: number; id?: string; name?: string; arguments?: string }> = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      expectChunk(chunk);
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        calls.push({ index: call.index, id: call.id, name: call.function?.name, arguments: call.function?.arguments });
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(calls.every((call) => call.index === 0)).toBe(true);
    expect(calls[0]).toEqual({ index: 0, id: "toolu_01KFbKqPYSuAKujiL6mTfzYA", name: "json", arguments: "" });
    expect(calls.slice(1).every((call) => call.id === undefined && call.name === undefined)).toBe(true);
    expect(JSON.parse(calls.map((call) => call.arguments).join(""))).toEqual({
      elements: [{ location: "San Francisco", temperature: 58, condition: "sunny" }],
    });
    expect(finish).toBe("tool_calls");
  });

  it("assembles a stream into one JSON completion for the SDK's stream helper", async () => {
    upstream.on("POST /v1/messages", replaySse(fixture("anthropic/text-then-tool-use.sse")));
    const runner = proxy.client.chat.completions.stream({ model: "claude-opus-4-8", messages: hello });
    const completion = await runner.finalChatCompletion();
    expect(completion.choices[0]!.message.content).toBe("I'll check the current weather in Paris for you.");
    expect(completion.choices[0]!.message.tool_calls).toEqual([
      { id: "toolu_01NRLabsLyVHZPKxbKvkfSMn", type: "function", function: { name: "get_weather", arguments: '{"location": "Paris"}' } },
    ]);
  });

  it("turns an upstream `event: error` mid-stream into one OpenAI error event, without [DONE]", async () => {
    const events = sseEvents(fixture("anthropic/text.sse")).slice(0, 4);
    upstream.on("POST /v1/messages", replaySse([...events, fixture("errors/anthropic-overloaded-midstream.sse")].join("")));
    const response = await proxy.post("/v1/chat/completions", { model: "claude-opus-4-8", messages: hello, stream: true });
    const data = sseData(response.text);
    expect(data).not.toContain("[DONE]");
    expect(data).toHaveLength(3);
    for (const d of data.slice(0, 2)) expectChunk(JSON.parse(d));
    const error = JSON.parse(data.at(-1)!);
    expectError(error);
    expect(error).toEqual({ error: { message: "Overloaded", type: "server_error", param: null, code: "overloaded_error" } });

    const stream = await proxy.client.chat.completions.create({ model: "claude-opus-4-8", messages: hello, stream: true });
    const failure = await (async () => {
      for await (const _chunk of stream);
    })().catch((e) => e);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure.message).toMatch(/Overloaded/);
  });
});

describe("Anthropic: errors", () => {
  it("keeps the status of the recorded invalid-request error and gives it OpenAI's shape", async () => {
    upstream.on("POST /v1/messages", respond(400, fixture("errors/anthropic-invalid-request.json")));
    const response = await proxy.post("/v1/chat/completions", { model: "claude-sonnet-4-5", messages: hello });
    expect(response.status).toBe(400);
    expectError(response.json());
    expect(response.json()).toEqual({
      error: { message: "max_tokens: Field required", type: "invalid_request_error", param: null, code: "invalid_request_error" },
    });
  });

  it("answers Anthropic's 529 overloaded as 503, keeping retry-after", async () => {
    upstream.on(
      "POST /v1/messages",
      respond(529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', "application/json", {
        "retry-after": "7",
      }),
    );
    const response = await proxy.post("/v1/chat/completions", { model: "claude-sonnet-4-5", messages: hello });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.json()).toEqual({ error: { message: "Overloaded", type: "server_error", param: null, code: "overloaded_error" } });
  });

  it("is raised by the openai SDK as the matching error class", async () => {
    upstream.on(
      "POST /v1/messages",
      respond(401, '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}'),
    );
    const failure = await proxy.client.chat.completions
      .create({ model: "claude-sonnet-4-5", messages: hello } as ChatCompletionCreateParamsNonStreaming)
      .catch((e) => e);
    expect(failure).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(failure.error).toEqual({
      message: "invalid x-api-key",
      type: "authentication_error",
      param: null,
      code: "authentication_error",
    });
  });
});

describe("Anthropic: /v1/models", () => {
  it("lists every page of GET /v1/models", async () => {
    const page = (data: object[], hasMore: boolean) => ({
      data,
      has_more: hasMore,
      first_id: null,
      last_id: hasMore ? "claude-b" : "claude-c",
    });
    const model = (id: string) => ({ type: "model", id, display_name: id, created_at: "2025-02-19T00:00:00Z" });
    upstream.on("GET /v1/models", (request, res) => {
      const second = new URL(request.url, "http://x").searchParams.get("after_id") === "claude-b";
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(second ? page([model("claude-c")], false) : page([model("claude-a"), model("claude-b")], true)));
    });
    const list = (await proxy.get("/v1/models")).json();
    expectModelList(list);
    const listings = upstream.requests.filter((request) => request.url.startsWith("/v1/models"));
    expect(listings.map((request) => request.url)).toContain("/v1/models?limit=1000&after_id=claude-b");
    // Both configured Anthropic providers list, concurrently, each with its own API version.
    expect(listings.every((request) => request.headers["x-api-key"] === KEY)).toBe(true);
    expect(new Set(listings.map((request) => request.headers["anthropic-version"]))).toEqual(new Set(["2023-06-01", "2026-10-21"]));
    const ids = list.data.map((entry: { id: string }) => entry.id);
    expect(ids).toEqual(expect.arrayContaining(["claude-a", "claude-b", "claude-c", "claude-next/claude-a"]));
    expect(list.data.find((entry: { id: string }) => entry.id === "claude-a")).toEqual({
      id: "claude-a",
      object: "model",
      created: 1739923200,
      owned_by: "anthropic",
    });
  });
});

describe("Anthropic usage in the cost metrics", () => {
  it("counts cache reads and cache writes apart and prices each at its own rate", async () => {
    const message = anthropicMessage([{ type: "text", text: "Hi!", citations: null }]);
    message.usage = {
      ...message.usage,
      input_tokens: 100,
      cache_read_input_tokens: 1000,
      cache_creation_input_tokens: 200,
      output_tokens: 50,
    };
    upstream.on("POST /v1/messages", respond(200, JSON.stringify(message)));
    const before = await scrape(proxy);
    const response = await proxy.post("/v1/chat/completions", { model: "claude-sonnet-4-5", messages: hello });
    expect(response.status).toBe(200);
    expect(response.json().usage).toMatchObject({
      prompt_tokens: 1300,
      completion_tokens: 50,
      prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 200 },
    });
    const after = await scrape(proxy);
    const labels = { provider: "anthropic", model: "claude-sonnet-4-5" };
    const delta = (name: string, extra: Record<string, string> = {}) =>
      total(after, name, { ...labels, ...extra }) - total(before, name, { ...labels, ...extra });
    expect(delta("llm_proxy_tokens_total", { type: "input" })).toBe(100);
    expect(delta("llm_proxy_tokens_total", { type: "cached_input" })).toBe(1000);
    expect(delta("llm_proxy_tokens_total", { type: "cache_write" })).toBe(200);
    expect(delta("llm_proxy_tokens_total", { type: "output" })).toBe(50);
    // USD per 1M tokens for claude-sonnet-4-5: input 3, cached input 0.3, cache write 3.75, output 15.
    expect(delta("llm_proxy_cost_usd_total")).toBeCloseTo((100 * 3 + 1000 * 0.3 + 200 * 3.75 + 50 * 15) / 1e6, 12);
  });
});
