import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { GenerateContentAnswer } from "../../src/providers/gemini/wire.js";
import { expectChunk, expectCompletion, expectError, expectModelList, readSdkStream } from "../helpers/openai-schema.js";
import type { MockHandler } from "../helpers/mock-upstream.js";
import { useProxyAgainstMock, type TestProxy } from "../helpers/proxy.js";
import { recordedSegments, recordedThoughtSignature, recording } from "../helpers/gemini-recordings.js";
import { fixture, lines } from "../helpers/files.js";
import { sseData, toSse } from "../helpers/sse.js";
import { replaySse, respond } from "../helpers/mock-answers.js";

const KEY = "AIza-test-key-0123456789";
const { upstream, proxy } = useProxyAgainstMock(
  (url) =>
    `
providers:
  gemini:
    type: gemini
    base_url: ${url}
    api_key: \${GEMINI_API_KEY}
  gemini-tuned:
    type: gemini
    base_url: ${url}
    api_key: \${GEMINI_API_KEY}
    options:
      thinking_budgets: { low: 2048 }
      thinking_levels: { "gemini-3*": [high] }
      thinking_mode_by_model: { "gemini-2.0-*": budget, "gemini-exp-*": none }
      min_thinking_budget_by_model: { "gemini-2.5-flash*": 512 }
      penalties_by_model: { "gemini-2.5-*": true }
retry: { max_retries: 0 } # one upstream call per request: retries have their own tests (test/e2e/resilience*)
routes:
  - { match: "gemini-*", provider: gemini }
`,
  { GEMINI_API_KEY: KEY },
);
let originalFetchImage: TestProxy["app"]["fetchImage"];

beforeAll(() => {
  originalFetchImage = proxy.app.fetchImage;
});

beforeEach(() => {
  proxy.app.fetchImage = originalFetchImage;
});

const hello: ChatCompletionMessageParam[] = [{ role: "user", content: "Hello" }];
const json = (segments: string[]) => respond(200, segments[0]!, "application/json; charset=UTF-8");
/** Google separates SSE events with CRLF CRLF. */
const googleStream = (payloads: string[]) => replaySse(toSse(payloads, { separator: "\r\n\r\n" }));

function answer(model: string, handler: MockHandler, method: "generateContent" | "streamGenerateContent" = "generateContent") {
  upstream.on(`POST /v1beta/models/${model}:${method}`, handler);
}

/**
 * The recorded request body, minus the empty generationConfig Google's SDK always sends. The SDK
 * recorded its tools' parameters in Gemini's OpenAPI subset; we send the client's JSON Schema as
 * `parametersJsonSchema`, which Gemini documents for every model, so those are compared apart.
 */
function recordedRequest(name: string, interaction = 0): Record<string, unknown> {
  const body = recording(name)[interaction]!.request.bodySegments[0] as Record<string, any>;
  const { generationConfig, tools, ...rest } = body;
  const request: Record<string, unknown> =
    generationConfig && Object.keys(generationConfig).length > 0 ? { ...rest, generationConfig } : rest;
  if (tools) {
    request.tools = tools.map((tool: { functionDeclarations: Array<Record<string, unknown>> }) => ({
      functionDeclarations: tool.functionDeclarations.map(({ parameters: _recorded, ...declaration }) => ({
        ...declaration,
        parametersJsonSchema: divideTool.function.parameters,
      })),
    }));
  }
  return request;
}

/** Sends a JSON request and returns the body the mock received. */
async function sentBody(request: Record<string, unknown>): Promise<any> {
  // The upstream model: a `provider/` prefix only picks the provider.
  answer(String(request.model).replace(/^gemini(-tuned)?\//, ""), json(recordedSegments("text.recording.json")));
  const response = await proxy.post("/v1/chat/completions", request);
  expect(response.status, response.text).toBe(200);
  return upstream.requests.at(-1)!.json();
}

const divideTool = {
  type: "function" as const,
  function: {
    name: "customDivide",
    description: "Custom divide function",
    parameters: {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { numerator: { type: "number" }, denominator: { type: "number" } },
      additionalProperties: false,
    },
  },
};

describe("Gemini: JSON completions", () => {
  it("sends the recorded request to :generateContent with x-goog-api-key, and the SDK reads the recorded answer", async () => {
    answer("gemini-2.0-flash", json(recordedSegments("text.recording.json")));
    const completion = await proxy.client.chat.completions.create({
      model: "gemini-2.0-flash",
      messages: [{ role: "user", content: "why is the sky blue?" }],
    });
    expectCompletion(completion);
    expect(completion.choices[0]!.message.content).toMatch(/^The sky is blue because of a phenomenon called \*\*Rayleigh scattering\*\*/);
    expect(completion.usage?.total_tokens).toBe(359);

    const sent = upstream.requests.at(-1)!;
    expect(sent.url).toBe("/v1beta/models/gemini-2.0-flash:generateContent");
    expect(sent.headers["x-goog-api-key"]).toBe(KEY);
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.json()).toEqual(recordedRequest("text.recording.json"));
  });

  it("sends the recorded function-calling requests, turn after turn, and answers tool calls", async () => {
    answer("gemini-2.0-flash", json(recordedSegments("function-call.recording.json", 0)));
    const first = await proxy.client.chat.completions.create({
      model: "gemini-2.0-flash",
      messages: [{ role: "user", content: "what is the result of 100/2" }],
      tools: [divideTool],
    });
    expectCompletion(first);
    expect(upstream.requests.at(-1)!.json()).toEqual(recordedRequest("function-call.recording.json", 0));
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(first.choices[0]!.finish_reason).toBe("tool_calls");

    answer("gemini-2.0-flash", json(recordedSegments("function-call.recording.json", 1)));
    const second = await proxy.client.chat.completions.create({
      model: "gemini-2.0-flash",
      messages: [
        { role: "user", content: "what is the result of 100/2" },
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "user", content: "what is the result of 50/2?" },
      ],
      tools: [divideTool],
    });
    expect(upstream.requests.at(-1)!.json()).toEqual(recordedRequest("function-call.recording.json", 1));
    expect(JSON.parse((second.choices[0]!.message.tool_calls![0]! as { function: { arguments: string } }).function.arguments)).toEqual({
      denominator: 2,
      numerator: 50,
    });
  });

  it("gives each candidate of n its own choice", async () => {
    const two: GenerateContentAnswer = {
      modelVersion: "gemini-2.5-flash",
      candidates: [
        { index: 0, content: { role: "model", parts: [{ text: "Heads" }] }, finishReason: "STOP" },
        { index: 1, content: { role: "model", parts: [{ text: "Tails" }] }, finishReason: "STOP" },
      ],
      usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2, totalTokenCount: 7 },
    };
    answer("gemini-2.5-flash", respond(200, JSON.stringify(two)));
    const completion = await proxy.client.chat.completions.create({ model: "gemini-2.5-flash", messages: hello, n: 2 });
    expectCompletion(completion);
    expect(completion.choices.map((choice) => [choice.index, choice.message.content])).toEqual([
      [0, "Heads"],
      [1, "Tails"],
    ]);
    expect(upstream.requests.at(-1)!.json().generationConfig).toEqual({ candidateCount: 2 });
  });

  it("answers a candidate that ended in a malformed function call as a 502 the SDK raises, not an empty stop", async () => {
    const malformed: GenerateContentAnswer = {
      candidates: [
        {
          index: 0,
          content: { role: "model", parts: [] },
          finishReason: "MALFORMED_FUNCTION_CALL",
          finishMessage: "Malformed function call: customDivide(",
        },
      ],
      usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 },
    };
    answer("gemini-2.5-flash", respond(200, JSON.stringify(malformed)));
    const response = await proxy.post("/v1/chat/completions", { model: "gemini-2.5-flash", messages: hello, tools: [divideTool] });
    expect(response.status).toBe(502);
    expectError(response.json());
    expect(response.json().error).toEqual({
      message:
        "Gemini ended the answer with MALFORMED_FUNCTION_CALL (the model produced an invalid tool call): Malformed function call: customDivide(",
      type: "upstream_error",
      param: null,
      code: "malformed_function_call",
    });

    answer(
      "gemini-2.5-flash",
      googleStream([JSON.stringify({ candidates: [{ index: 0, finishReason: "UNEXPECTED_TOOL_CALL" }] })]),
      "streamGenerateContent",
    );
    // Nothing was generated before the failure, so the stream was never opened: a 502 too.
    const streamed = await proxy.post("/v1/chat/completions", { model: "gemini-2.5-flash", messages: hello, stream: true });
    expect(streamed.status).toBe(502);
    expectError(streamed.json());
    expect(streamed.json().error.code).toBe("unexpected_tool_call");
  });

  it("answers a blocked prompt as a content_filter completion", async () => {
    const blocked: GenerateContentAnswer = {
      promptFeedback: { blockReason: "SAFETY" },
      usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
    };
    answer("gemini-2.5-flash", respond(200, JSON.stringify(blocked)));
    const completion = await proxy.client.chat.completions.create({ model: "gemini-2.5-flash", messages: hello });
    expectCompletion(completion);
    expect(completion.choices[0]).toMatchObject({ finish_reason: "content_filter", message: { content: null } });
  });
});

describe("Gemini: streams", () => {
  it("streams the recorded answer (CRLF-separated events) through the SDK, with the recorded request", async () => {
    answer("gemini-2.0-flash", googleStream(recordedSegments("stream-max-tokens.recording.json")), "streamGenerateContent");
    const stream = await proxy.client.chat.completions.create({
      model: "gemini-2.0-flash",
      messages: [{ role: "user", content: "why is the sky blue?" }],
      max_tokens: 20,
      temperature: 0.5,
      stream: true,
      stream_options: { include_usage: true },
    });
    const { chunks, text } = await readSdkStream(stream);
    expect(text).toBe("The sky is blue because of a phenomenon called **Rayleigh scattering**. Here's a breakdown:");
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe("length");
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 6, completion_tokens: 20, total_tokens: 26 });

    const sent = upstream.requests.at(-1)!;
    expect(sent.url).toBe("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
    expect(sent.json()).toEqual(recordedRequest("stream-max-tokens.recording.json"));
  });

  it("streams the recorded function call as one delta with an id, index 0 and finish_reason tool_calls", async () => {
    answer("gemini-2.0-flash", googleStream(recordedSegments("function-call-stream.recording.json")), "streamGenerateContent");
    const stream = await proxy.client.chat.completions.create({
      model: "gemini-2.0-flash",
      messages: [{ role: "user", content: "what is the result of 100/2" }],
      tools: [divideTool],
      stream: true,
    });
    const calls = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      expectChunk(chunk);
      calls.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(calls).toEqual([
      {
        index: 0,
        id: expect.stringMatching(/^call_[0-9A-Za-z]{24}$/),
        type: "function",
        function: { name: "customDivide", arguments: '{"denominator":2,"numerator":100}' },
      },
    ]);
    expect(finish).toBe("tool_calls");
    expect(upstream.requests.at(-1)!.json()).toEqual(recordedRequest("function-call-stream.recording.json"));
  });

  it("counts the recorded thinking stream's thoughts as reasoning tokens (LF-separated events)", async () => {
    answer("gemini-3-pro-preview", replaySse(toSse(lines(fixture("gemini/text-thinking.chunks.jsonl")))), "streamGenerateContent");
    const response = await proxy.post("/v1/chat/completions", {
      model: "gemini-3-pro-preview",
      messages: [{ role: "user", content: "How many r's in strawberry?" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const data = sseData(response.text);
    expect(data.at(-1)).toBe("[DONE]");
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    chunks.forEach(expectChunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe(
      'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y',
    );
    expect(chunks.at(-1).usage).toEqual({
      prompt_tokens: 9,
      completion_tokens: 208,
      total_tokens: 217,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 185 },
    });
  });

  it("carries a call's thought signature in its id and gives it back with the call in the next turn", async () => {
    const signature = recordedThoughtSignature();
    const called: GenerateContentAnswer = {
      modelVersion: "gemini-3-pro-preview",
      candidates: [
        {
          index: 0,
          content: {
            role: "model",
            parts: [{ functionCall: { name: "customDivide", args: { numerator: 9, denominator: 3 } }, thoughtSignature: signature }],
          },
          finishReason: "STOP",
        },
      ],
    };
    answer("gemini-3-pro-preview", googleStream([JSON.stringify(called)]), "streamGenerateContent");
    const runner = proxy.client.chat.completions.stream({
      model: "gemini-3-pro-preview",
      messages: [{ role: "user", content: "9/3?" }],
      tools: [divideTool],
    });
    const assistant = (await runner.finalChatCompletion()).choices[0]!.message;
    const call = assistant.tool_calls![0]! as { id: string; function: { name: string; arguments: string } };
    expect(call.id).toMatch(/^call_[0-9A-Za-z]{24}_[A-Za-z0-9_-]+$/);

    const body = await sentBody({
      model: "gemini-3-pro-preview",
      tools: [divideTool],
      messages: [
        { role: "user", content: "9/3?" },
        { role: "assistant", content: null, tool_calls: [{ id: call.id, type: "function", function: call.function }] },
        { role: "tool", tool_call_id: call.id, content: "3" },
      ],
    });
    expect(body.contents).toEqual([
      { role: "user", parts: [{ text: "9/3?" }] },
      {
        role: "model",
        parts: [{ functionCall: { name: "customDivide", args: { numerator: 9, denominator: 3 } }, thoughtSignature: signature }],
      },
      { role: "user", parts: [{ functionResponse: { name: "customDivide", response: { result: 3 } } }] },
    ]);
  });

  it("gives Gemini 3 Google's placeholder signature for tool calls that carry none (a conversation begun elsewhere)", async () => {
    const messages = [
      { role: "user", content: "Weather in Paris and Oslo?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "toolu_01A", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
          { id: "toolu_01B", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: "tool", tool_call_id: "toolu_01A", content: "18" },
      { role: "tool", tool_call_id: "toolu_01B", content: "3" },
    ];
    const gemini3 = await sentBody({ model: "gemini-3-pro-preview", messages });
    // Only the first call of a step carries a signature; Gemini validates that one.
    expect(gemini3.contents[1].parts).toEqual([
      { functionCall: { name: "weather", args: { city: "Paris" } }, thoughtSignature: "skip_thought_signature_validator" },
      { functionCall: { name: "weather", args: { city: "Oslo" } } },
    ]);
    const gemini25 = await sentBody({ model: "gemini-2.5-flash", messages });
    expect(gemini25.contents[1].parts.every((part: object) => !("thoughtSignature" in part))).toBe(true);
  });

  it("turns an error object mid-stream into one OpenAI error event, without [DONE]", async () => {
    const [first] = recordedSegments("stream-max-tokens.recording.json");
    const overloaded = '{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}';
    answer("gemini-2.0-flash", googleStream([first!, overloaded]), "streamGenerateContent");
    const response = await proxy.post("/v1/chat/completions", { model: "gemini-2.0-flash", messages: hello, stream: true });
    const data = sseData(response.text);
    expect(data).not.toContain("[DONE]");
    for (const d of data.slice(0, -1)) expectChunk(JSON.parse(d));
    const error = JSON.parse(data.at(-1)!);
    expectError(error);
    expect(error.error).toEqual({
      message: "The model is overloaded. Please try again later.",
      type: "server_error",
      param: null,
      code: "unavailable",
    });
  });
});

describe("Gemini: the request the upstream receives", () => {
  it("sends system messages as systemInstruction and images as inline data, merging consecutive user turns", async () => {
    const body = await sentBody({
      model: "gemini-2.5-flash",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "developer", content: "Answer in French." },
        { role: "user", content: "Look." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is it?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          ],
        },
      ],
    });
    expect(body).toEqual({
      systemInstruction: { parts: [{ text: "Be brief." }, { text: "Answer in French." }] },
      contents: [
        {
          role: "user",
          parts: [{ text: "Look." }, { text: "What is it?" }, { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } }],
        },
      ],
    });
  });

  it("sends an image/jpg data URL with Gemini's MIME type image/jpeg", async () => {
    const body = await sentBody({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/jpg;base64,/9j/4AAQ" } }] }],
    });
    expect(body.contents).toEqual([{ role: "user", parts: [{ inlineData: { mimeType: "image/jpeg", data: "/9j/4AAQ" } }] }]);
  });

  it("fetches http(s) images through the app's image fetcher and sends their bytes inline", async () => {
    const fetched: Array<[string, string]> = [];
    proxy.app.fetchImage = async (url, param) => {
      fetched.push([url, param]);
      return { mediaType: "image/jpeg", base64: "/9j/4AAQSkZJRg==" };
    };
    const body = await sentBody({
      model: "gemini-2.5-flash",
      messages: [
        {
          role: "user",
          content: [
            { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
            { type: "text", text: "Cat?" },
          ],
        },
      ],
    });
    expect(fetched).toEqual([["https://example.com/cat.jpg", "messages[0].content[0].image_url.url"]]);
    expect(body.contents).toEqual([
      { role: "user", parts: [{ inlineData: { mimeType: "image/jpeg", data: "/9j/4AAQSkZJRg==" } }, { text: "Cat?" }] },
    ]);
  });

  it("answers the image fetcher's 400 without calling Gemini", async () => {
    const before = upstream.requests.length;
    const response = await proxy.post("/v1/chat/completions", {
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/cat.jpg" } }] }],
    });
    expect(response.status).toBe(400);
    expectError(response.json());
    expect(response.json().error.param).toBe("messages[0].content[0].image_url.url");
    expect(upstream.requests.length).toBe(before);
  });

  it("sends tool results as functionResponse parts named after their calls, parallel results in one turn", async () => {
    const body = await sentBody({
      model: "gemini-2.5-flash",
      messages: [
        { role: "user", content: "Weather in Paris and Oslo?" },
        {
          role: "assistant",
          content: "Checking.",
          tool_calls: [
            { id: "call_a", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
            { id: "call_b", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_a", content: '{"temp":18}' },
        { role: "tool", tool_call_id: "call_b", content: "cold" },
      ],
    });
    expect(body.contents).toEqual([
      { role: "user", parts: [{ text: "Weather in Paris and Oslo?" }] },
      {
        role: "model",
        parts: [
          { text: "Checking." },
          { functionCall: { name: "weather", args: { city: "Paris" } } },
          { functionCall: { name: "weather", args: { city: "Oslo" } } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "weather", response: { temp: 18 } } },
          { functionResponse: { name: "weather", response: { result: "cold" } } },
        ],
      },
    ]);
  });

  it.each([
    ["none", { functionCallingConfig: { mode: "NONE" } }],
    ["auto", { functionCallingConfig: { mode: "AUTO" } }],
    ["required", { functionCallingConfig: { mode: "ANY" } }],
    [
      { type: "function", function: { name: "customDivide" } },
      { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["customDivide"] } },
    ],
    [
      { type: "allowed_tools", allowed_tools: { mode: "required", tools: [{ type: "function", function: { name: "customDivide" } }] } },
      { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["customDivide"] } },
    ],
  ])("maps tool_choice %j to toolConfig %j", async (choice, toolConfig) => {
    const body = await sentBody({ model: "gemini-2.5-flash", messages: hello, tools: [divideTool], tool_choice: choice });
    expect(body.toolConfig).toEqual(toolConfig);
  });

  it("declares a function without arguments without parameters", async () => {
    const body = await sentBody({
      model: "gemini-2.5-flash",
      messages: hello,
      tools: [{ type: "function", function: { name: "now", parameters: { type: "object", properties: {} } } }],
    });
    expect(body.tools).toEqual([{ functionDeclarations: [{ name: "now" }] }]);
  });

  it("maps sampling, stop, seed, penalties and max_completion_tokens into generationConfig", async () => {
    const body = await sentBody({
      model: "gemini-2.0-flash",
      messages: hello,
      temperature: 1.3,
      top_p: 0.8,
      max_completion_tokens: 300,
      stop: ["END", "STOP"],
      seed: 7,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
    });
    expect(body.generationConfig).toEqual({
      temperature: 1.3,
      topP: 0.8,
      maxOutputTokens: 300,
      stopSequences: ["END", "STOP"],
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
    });
  });

  it.each(["gemini-2.5-flash", "gemini-2.5-pro", "gemini-3-pro-preview", "gemini-flash-latest"])(
    "leaves presence and frequency penalties out for %s, which answers 400 'Penalty is not enabled'",
    async (model) => {
      const body = await sentBody({ model, messages: hello, temperature: 0.5, presence_penalty: 0.5, frequency_penalty: 0 });
      expect(body.generationConfig).toEqual({ temperature: 0.5 });
    },
  );

  it("sends tool parameters as JSON Schema, keeping maps, typing a root left untyped, and refusing self-referencing schemas", async () => {
    const body = await sentBody({
      model: "gemini-2.5-flash",
      messages: hello,
      tools: [
        {
          type: "function",
          function: {
            name: "tag",
            parameters: {
              properties: {
                labels: { type: "object", additionalProperties: { type: "string" } },
                ids: { type: "array", items: { type: "integer", const: 7 } },
              },
            },
          },
        },
        { type: "function", function: { name: "scores", parameters: { type: "object", additionalProperties: { type: "number" } } } },
      ],
    });
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: "tag",
            parametersJsonSchema: {
              type: "object",
              properties: {
                labels: { type: "object", additionalProperties: { type: "string" } },
                ids: { type: "array", items: { type: "integer", enum: [7] } },
              },
            },
          },
          { name: "scores", parametersJsonSchema: { type: "object", additionalProperties: { type: "number" } } },
        ],
      },
    ]);

    const before = upstream.requests.length;
    const selfReferencing = { type: "object", properties: { a: { $ref: "#/$defs/A" } }, $defs: { A: { $ref: "#/$defs/A" } } };
    const refused = await proxy.post("/v1/chat/completions", {
      model: "gemini-2.5-flash",
      messages: hello,
      tools: [{ type: "function", function: { name: "f", parameters: selfReferencing } }],
    });
    expect(refused.status).toBe(400);
    expectError(refused.json());
    expect(refused.json().error.param).toBe("tools[0].function.parameters");
    expect(upstream.requests.length).toBe(before);
  });

  it("sends JSON mode as a response MIME type and a JSON schema as responseJsonSchema", async () => {
    expect(
      (await sentBody({ model: "gemini-2.5-flash", messages: hello, response_format: { type: "json_object" } })).generationConfig,
    ).toEqual({
      responseMimeType: "application/json",
    });
    const schema = {
      type: "object",
      properties: { name: { type: "string" }, age: { type: "integer" } },
      required: ["name", "age"],
      additionalProperties: false,
    };
    const body = await sentBody({
      model: "gemini-2.5-flash",
      messages: hello,
      response_format: { type: "json_schema", json_schema: { name: "person", strict: true, schema } },
    });
    expect(body.generationConfig).toEqual({
      responseMimeType: "application/json",
      responseJsonSchema: { ...schema, propertyOrdering: ["name", "age"] },
    });
  });

  describe("reasoning_effort", () => {
    it.each([
      ["gemini-2.5-flash", "low", { includeThoughts: true, thinkingBudget: 1024 }],
      ["gemini-2.5-pro", "high", { includeThoughts: true, thinkingBudget: 24576 }],
      ["gemini-2.5-flash", "none", { thinkingBudget: 0 }],
      ["gemini-3-flash-preview", "minimal", { includeThoughts: true, thinkingLevel: "MINIMAL" }],
      ["gemini-3-flash-preview", "medium", { includeThoughts: true, thinkingLevel: "MEDIUM" }],
      ["gemini-3-pro-preview", "minimal", { includeThoughts: true, thinkingLevel: "LOW" }],
      ["gemini-3.1-pro-preview", "medium", { includeThoughts: true, thinkingLevel: "HIGH" }],
      ["gemini-3-pro-preview", "xhigh", { includeThoughts: true, thinkingLevel: "HIGH" }],
      ["gemini-3-pro-preview", "none", { thinkingLevel: "LOW" }],
      // 2.5 Pro cannot stop thinking: its least is a budget of 128.
      ["gemini-2.5-pro", "none", { thinkingBudget: 128 }],
      ["gemini-2.5-flash-lite", "none", { thinkingBudget: 0 }],
    ])("%s with %s → %j", async (model, effort, thinkingConfig) => {
      const body = await sentBody({ model, messages: hello, reasoning_effort: effort });
      expect(body.generationConfig).toEqual({ thinkingConfig });
    });

    it.each([
      ["gemini-2.0-flash", "low"],
      ["gemini-2.0-flash-lite", "high"],
      ["gemini-1.5-pro", "medium"],
      ["gemini/gemma-3-27b-it", "none"],
    ])("sends %s, which cannot think, no thinkingConfig for %s", async (model, effort) => {
      const body = await sentBody({ model, messages: hello, reasoning_effort: effort });
      expect(body.generationConfig).toBeUndefined();
    });

    it("follows the provider's own thinking-mode, minimum-budget and penalty tables", async () => {
      const tuned = (model: string, extra: Record<string, unknown>) =>
        sentBody({ model: `gemini-tuned/${model}`, messages: hello, ...extra });
      expect((await tuned("gemini-2.0-flash", { reasoning_effort: "low" })).generationConfig).toEqual({
        thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 },
      });
      expect((await tuned("gemini-exp-1206", { reasoning_effort: "low" })).generationConfig).toBeUndefined();
      expect((await tuned("gemini-2.5-flash", { reasoning_effort: "none" })).generationConfig).toEqual({
        thinkingConfig: { thinkingBudget: 512 },
      });
      expect((await tuned("gemini-2.5-flash", { presence_penalty: 0.5 })).generationConfig).toEqual({ presencePenalty: 0.5 });
      expect((await tuned("gemini-2.0-flash", { presence_penalty: 0.5 })).generationConfig).toBeUndefined();
    });

    it("follows the provider's own budget and level tables", async () => {
      expect(
        (await sentBody({ model: "gemini-tuned/gemini-2.5-flash", messages: hello, reasoning_effort: "low" })).generationConfig,
      ).toEqual({
        thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 },
      });
      expect(
        (await sentBody({ model: "gemini-tuned/gemini-3-flash-preview", messages: hello, reasoning_effort: "low" })).generationConfig,
      ).toEqual({
        thinkingConfig: { includeThoughts: true, thinkingLevel: "HIGH" },
      });
    });
  });

  it.each([
    [{ logprobs: true }, "logprobs"],
    [{ reasoning_effort: "maximal" }, "reasoning_effort"],
    [{ messages: [{ role: "tool", tool_call_id: "call_unknown", content: "x" }] }, "messages[0].tool_call_id"],
    [{ messages: [{ role: "user", content: [{ type: "file", file: { file_id: "f" } }] }] }, "messages[0].content[0].type"],
    [{ tools: [{ type: "function", function: { name: "f", parameters: { $ref: "#/nowhere" } } }] }, "tools[0].function.parameters"],
    [{ response_format: { type: "json_schema", json_schema: { name: "x" } } }, "response_format.json_schema.schema"],
    [{ tool_choice: "sometimes" }, "tool_choice"],
    [{ messages: [{ role: "user", content: [null] }] }, "messages[0].content[0]"],
    [{ messages: [{ role: "developer", content: [null] }, ...hello] }, "messages[0].content[0]"],
    [{ messages: [...hello, { role: "assistant", content: "x", tool_calls: {} }] }, "messages[1].tool_calls"],
    [{ messages: [...hello, { role: "assistant", content: "x", tool_calls: [7] }] }, "messages[1].tool_calls[0]"],
  ])("refuses %j with a 400 naming %s, before calling Gemini", async (extra, param) => {
    const before = upstream.requests.length;
    const response = await proxy.post("/v1/chat/completions", { model: "gemini-2.5-flash", messages: hello, ...extra });
    expect(response.status).toBe(400);
    expectError(response.json());
    expect(response.json().error.param).toBe(param);
    expect(upstream.requests.length).toBe(before);
  });
});

describe("Gemini: errors", () => {
  it("keeps the recorded 429 and its retry delay as retry-after, which the openai SDK sees", async () => {
    answer("gemini-2.5-flash", respond(429, fixture("errors/gemini-429-retry-info.json")));
    const response = await proxy.post("/v1/chat/completions", { model: "gemini-2.5-flash", messages: hello });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("35");
    expect(response.headers.get("retry-after-ms")).toBe("34400");
    expectError(response.json());
    expect(response.json().error).toEqual({
      message: "You exceeded your current quota, please check your plan.",
      type: "rate_limit_error",
      param: null,
      code: "resource_exhausted",
    });

    const failure = await proxy.client.chat.completions.create({ model: "gemini-2.5-flash", messages: hello }).catch((e) => e);
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect(failure.headers.get("retry-after")).toBe("35");
  });

  it("keeps the status of an invalid-argument error", async () => {
    const body =
      '{"error":{"code":400,"message":"* GenerateContentRequest.contents: contents is not specified\\n","status":"INVALID_ARGUMENT"}}';
    answer("gemini-2.5-flash", respond(400, body));
    const response = await proxy.post("/v1/chat/completions", { model: "gemini-2.5-flash", messages: hello });
    expect(response.status).toBe(400);
    expect(response.json().error).toEqual({
      message: "* GenerateContentRequest.contents: contents is not specified\n",
      type: "invalid_request_error",
      param: null,
      code: "invalid_argument",
    });
  });
});

describe("Gemini: /v1/models", () => {
  it("lists every page, only models that can generateContent, without the models/ prefix", async () => {
    const model = (name: string, methods: string[]) => ({ name: `models/${name}`, displayName: name, supportedGenerationMethods: methods });
    upstream.on("GET /v1beta/models", (request, res) => {
      const token = new URL(request.url, "http://x").searchParams.get("pageToken");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          token === "page-2"
            ? { models: [model("gemini-2.5-pro", ["generateContent", "countTokens"])] }
            : {
                models: [model("gemini-2.5-flash", ["generateContent", "countTokens"]), model("text-embedding-004", ["embedContent"])],
                nextPageToken: "page-2",
              },
        ),
      );
    });
    const list = (await proxy.get("/v1/models")).json();
    expectModelList(list);
    const listings = upstream.requests.filter((request) => request.url.startsWith("/v1beta/models?"));
    // Both configured Gemini providers list: each reads both pages.
    expect(listings.map((request) => request.url).sort()).toEqual([
      "/v1beta/models?pageSize=1000",
      "/v1beta/models?pageSize=1000",
      "/v1beta/models?pageSize=1000&pageToken=page-2",
      "/v1beta/models?pageSize=1000&pageToken=page-2",
    ]);
    expect(listings[0]!.headers["x-goog-api-key"]).toBe(KEY);
    const ids = list.data.map((entry: { id: string }) => entry.id);
    expect(ids).toEqual(expect.arrayContaining(["gemini-2.5-flash", "gemini-2.5-pro", "gemini-tuned/gemini-2.5-flash"]));
    expect(ids.some((id: string) => id.includes("embedding"))).toBe(false);
    expect(list.data.find((entry: { id: string }) => entry.id === "gemini-2.5-pro")).toEqual({
      id: "gemini-2.5-pro",
      object: "model",
      created: 0,
      owned_by: "google",
    });
  });
});
