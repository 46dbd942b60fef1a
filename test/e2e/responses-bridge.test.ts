import { describe, expect, it } from "vitest";
import { anthropicMessage } from "../helpers/anthropic-message.js";
import { recordedSegments } from "../helpers/gemini-recordings.js";
import { fixture, lines, testData } from "../helpers/files.js";
import type { MockHandler } from "../helpers/mock-upstream.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";
import { expectInputItemList, expectResponse, expectResponseEvent } from "../helpers/responses-schema.js";
import { parseEvents, type ResponsesEvent } from "../helpers/responses-stream.js";
import { replayJsonlAsSse, replayNdjson, replaySse, respond } from "../helpers/mock-answers.js";
import { sseData, sseEvents, toSse } from "../helpers/sse.js";

/** Google separates SSE events with CRLF CRLF. */
const googleStream = (payloads: string[]) => replaySse(toSse(payloads, { separator: "\r\n\r\n" }));
const googleJson = (segments: string[]) => respond(200, segments[0]!, "application/json; charset=UTF-8");

interface Answers {
  json: MockHandler;
  stream: MockHandler;
}

/** One provider bridged through its chat translation, answering from its recordings. */
interface BridgeCase {
  name: string;
  model: string;
  /** The mock routes its chat translation calls, for a JSON and for a streamed answer. */
  routes: { json: string; stream: string };
  text: Answers;
  toolCall: Answers;
  /** The function the recordings call (the tool the request offers), in the JSON and the streamed one. */
  tools: { json: string; stream: string };
}

const weatherTool = (name: string) => ({
  type: "function" as const,
  name,
  description: "Weather in a place",
  parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
  strict: false,
});

const CASES: BridgeCase[] = [
  {
    name: "Anthropic",
    model: "anthropic/claude-sonnet-4-5",
    routes: { json: "POST /anthropic/v1/messages", stream: "POST /anthropic/v1/messages" },
    text: {
      json: respond(200, JSON.stringify(anthropicMessage([{ type: "text", text: "Hi! How can I help you today?", citations: null }]))),
      stream: replaySse(fixture("anthropic/text.sse")),
    },
    toolCall: {
      json: respond(
        200,
        JSON.stringify(
          anthropicMessage(
            [
              { type: "text", text: "Let me check.", citations: null },
              {
                type: "tool_use",
                id: "toolu_01A09q90qw90lq917835lq9",
                name: "get_weather",
                input: { location: "Paris" },
                caller: { type: "direct" },
              },
            ],
            { stop_reason: "tool_use" },
          ),
        ),
      ),
      stream: replaySse(fixture("anthropic/text-then-tool-use.sse")),
    },
    tools: { json: "get_weather", stream: "get_weather" },
  },
  {
    name: "Gemini",
    model: "gemini/gemini-2.0-flash",
    routes: {
      json: "POST /gemini/v1beta/models/gemini-2.0-flash:generateContent",
      stream: "POST /gemini/v1beta/models/gemini-2.0-flash:streamGenerateContent",
    },
    text: {
      json: googleJson(recordedSegments("text.recording.json")),
      stream: replaySse(toSse(lines(fixture("gemini/text-thinking.chunks.jsonl")))),
    },
    toolCall: {
      json: googleJson(recordedSegments("function-call.recording.json", 0)),
      stream: googleStream(recordedSegments("function-call-stream.recording.json")),
    },
    tools: { json: "customDivide", stream: "customDivide" },
  },
  {
    name: "Mistral",
    model: "mistral/mistral-small-latest",
    routes: { json: "POST /mistral/v1/chat/completions", stream: "POST /mistral/v1/chat/completions" },
    text: {
      json: respond(200, testData("mistral-reasoning-completion.json")),
      stream: replayJsonlAsSse(fixture("mistral/text.chunks.jsonl")),
    },
    toolCall: {
      json: respond(200, testData("mistral-tool-call-completion.json")),
      stream: replayJsonlAsSse(fixture("mistral/tool-call.chunks.jsonl")),
    },
    tools: { json: "get_current_weather", stream: "weather" },
  },
  {
    name: "Ollama",
    model: "ollama/llama3.2",
    routes: { json: "POST /ollama/api/chat", stream: "POST /ollama/api/chat" },
    text: { json: respond(200, fixture("ollama/chat.json")), stream: replayNdjson(fixture("ollama/chat-stream.ndjson")) },
    toolCall: {
      // Ollama's JSON answer to a tool call is its stream's lines folded into one (docs/api.md).
      json: respond(200, foldOllamaStream(fixture("ollama/chat-tool-call-stream.ndjson"))),
      stream: replayNdjson(fixture("ollama/chat-tool-call-stream.ndjson")),
    },
    tools: { json: "get_current_weather", stream: "get_current_weather" },
  },
  {
    name: "Qwen",
    model: "qwen/qwen-plus",
    routes: { json: "POST /qwen/compatible-mode/v1/chat/completions", stream: "POST /qwen/compatible-mode/v1/chat/completions" },
    text: { json: respond(200, testData("dashscope-chat-completion.json")), stream: replaySse(testData("dashscope-thinking.sse")) },
    // DashScope's compatible mode streams OpenAI's chunks; OpenAI's recorded tool-call stream stands for its own.
    toolCall: { json: respond(200, toolCallCompletion()), stream: replaySse(fixture("openai/tool-call.sse")) },
    tools: { json: "get_weather", stream: "get_weather" },
  },
];

const { upstream, proxy } = useProxyAgainstMock(
  (url) => `
providers:
  anthropic: { type: anthropic, base_url: "${url}/anthropic", api_key: sk-ant-secret }
  gemini: { type: gemini, base_url: "${url}/gemini", api_key: gemini-secret }
  mistral: { type: mistral, base_url: "${url}/mistral/v1", api_key: mistral-secret }
  ollama: { type: ollama, base_url: "${url}/ollama" }
  qwen: { type: qwen, base_url: "${url}/qwen/compatible-mode/v1", api_key: qwen-secret }
  groq: { type: openai, base_url: "${url}/groq/v1", api_key: groq-secret }
retry: { max_retries: 0 } # one upstream call per request: retries have their own tests (test/e2e/resilience*)
`,
);

describe.each(CASES)("POST /v1/responses bridged to $name", (bridge) => {
  const question = { role: "user" as const, content: "What's the weather in Paris?" };

  it("answers JSON with the text the chat endpoint gives for the same recording", async () => {
    upstream.on(bridge.routes.json, bridge.text.json);
    const chat = await proxy.post("/v1/chat/completions", { model: bridge.model, messages: [{ role: "user", content: "Hello" }] });
    const response = await proxy.post("/v1/responses", { model: bridge.model, input: "Hello" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-llm-proxy-provider")).toBe(bridge.model.split("/")[0]);
    const body = response.json();
    expectResponse(body);
    expect(body.status).toBe("completed");
    expect(body.id).toMatch(/^resp_/);
    const message = chat.json().choices[0].message;
    expect(outputText(body)).toBe(message.content);
    expect(reasoningText(body)).toBe(message.reasoning_content ?? "");
    const usage = chat.json().usage;
    if (usage) expect(body.usage).toMatchObject({ input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens });
  });

  it("streams named events with the text the chat endpoint streams for the same recording", async () => {
    upstream.on(bridge.routes.stream, bridge.text.stream);
    const chat = await proxy.post("/v1/chat/completions", {
      model: bridge.model,
      messages: [{ role: "user", content: "Hello" }],
      stream: true,
    });
    const streamed = await proxy.post("/v1/responses", { model: bridge.model, input: "Hello", stream: true });
    expect(streamed.status).toBe(200);
    const events = checkedEvents(streamed.text);
    expect(events[0]!.event).toBe("response.created");
    expect(events[1]!.event).toBe("response.in_progress");
    expect(["response.completed", "response.incomplete"]).toContain(events.at(-1)!.event);
    const chatDeltas = sseData(chat.text)
      .filter((data) => data !== "[DONE]")
      .map((data) => JSON.parse(data).choices[0]?.delta ?? {});
    expect(deltas(events, "response.output_text.delta")).toBe(chatDeltas.map((delta) => delta.content ?? "").join(""));
    expect(deltas(events, "response.reasoning_summary_text.delta")).toBe(chatDeltas.map((delta) => delta.reasoning_content ?? "").join(""));
    const final = events.at(-1)!.data.response;
    expect(outputText(final)).toBe(deltas(events, "response.output_text.delta"));
  });

  it("calls a function (JSON), and sends its result back with the call it answers", async () => {
    upstream.on(bridge.routes.json, bridge.toolCall.json);
    const first = await proxy.post("/v1/responses", { model: bridge.model, input: [question], tools: [weatherTool(bridge.tools.json)] });
    expect(first.status).toBe(200);
    const body = first.json();
    expectResponse(body);
    const call = body.output.find((item: { type: string }) => item.type === "function_call");
    expect(call).toMatchObject({ type: "function_call", name: bridge.tools.json, status: "completed" });
    expect(call.call_id).toEqual(expect.any(String));
    expect(() => JSON.parse(call.arguments)).not.toThrow();

    upstream.on(bridge.routes.json, bridge.text.json);
    const result = { type: "function_call_output", call_id: call.call_id, output: "Sunny, 22 degrees" };
    const second = await proxy.post("/v1/responses", {
      model: bridge.model,
      input: [question, ...body.output, result],
      tools: [weatherTool(bridge.tools.json)],
    });
    expect(second.status).toBe(200);
    expectResponse(second.json());
    const sent = upstream.requests.at(-1)!.body;
    expect(sent).toContain("Sunny, 22 degrees");
    expect(sent).toContain(bridge.tools.json);
    expect(sent).toContain("What's the weather in Paris?");
  });

  it("streams a function call, then continues the conversation with previous_response_id", async () => {
    upstream.on(bridge.routes.stream, bridge.toolCall.stream);
    const streamed = await proxy.post("/v1/responses", {
      model: bridge.model,
      input: [question],
      tools: [weatherTool(bridge.tools.stream)],
      stream: true,
    });
    const events = checkedEvents(streamed.text);
    const final = events.at(-1)!.data.response;
    expect(events.at(-1)!.event).toBe("response.completed");
    const call = final.output.find((item: { type: string }) => item.type === "function_call");
    expect(call).toMatchObject({ name: bridge.tools.stream, status: "completed" });
    const argumentsDone = events.find((event) => event.event === "response.function_call_arguments.done")!;
    expect(argumentsDone.data).toMatchObject({ item_id: call.id, name: bridge.tools.stream, arguments: call.arguments });
    expect(deltas(events, "response.function_call_arguments.delta")).toBe(call.arguments);

    const stored = await proxy.get(`/v1/responses/${final.id}`);
    expect(stored.status).toBe(200);
    expect(stored.json()).toEqual(final);

    upstream.on(bridge.routes.json, bridge.text.json);
    const next = await proxy.post("/v1/responses", {
      model: bridge.model,
      previous_response_id: final.id,
      input: [{ type: "function_call_output", call_id: call.call_id, output: "Sunny, 22 degrees" }],
      tools: [weatherTool(bridge.tools.stream)],
    });
    expect(next.status).toBe(200);
    expect(next.json().previous_response_id).toBe(final.id);
    const sent = upstream.requests.at(-1)!.body;
    expect(sent).toContain("What's the weather in Paris?");
    expect(sent).toContain(bridge.tools.stream);
    expect(sent).toContain("Sunny, 22 degrees");

    const items = await proxy.get(`/v1/responses/${next.json().id}/input_items`);
    expectInputItemList(items.json());
    expect(items.json().data).toMatchObject([{ type: "function_call_output", call_id: call.call_id, output: "Sunny, 22 degrees" }]);
  });
});

describe("POST /v1/responses on bridged providers: limits, errors and refusals in OpenAI's words", () => {
  it("is incomplete, with the reason, when the answer hit its token limit", async () => {
    upstream.on(CASES[1]!.routes.stream, googleStream(recordedSegments("stream-max-tokens.recording.json")));
    const streamed = await proxy.post("/v1/responses", {
      model: "gemini/gemini-2.0-flash",
      input: "why?",
      max_output_tokens: 20,
      stream: true,
    });
    const events = checkedEvents(streamed.text);
    expect(events.at(-1)!.event).toBe("response.incomplete");
    expect(events.at(-1)!.data.response).toMatchObject({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" } });
    expect(events.map((event) => event.event)).not.toContain("response.completed");
    expect(JSON.parse(upstream.requests.at(-1)!.body).generationConfig.maxOutputTokens).toBe(20);
  });

  it("refuses a built-in tool the provider cannot run, naming it", async () => {
    const before = upstream.requests.length;
    const response = await proxy.post("/v1/responses", { model: "ollama/llama3.2", input: "news?", tools: [{ type: "web_search" }] });
    expect(response.status).toBe(400);
    expect(response.json().error).toMatchObject({ type: "invalid_request_error", param: "tools[0].type", code: "unsupported_value" });
    expect(response.json().error.message).toContain("'web_search'");
    expect(upstream.requests.length).toBe(before);
  });

  it("answers 400 with the param for a malformed body", async () => {
    const missing = await proxy.post("/v1/responses", { input: "hi" });
    expect(missing.status).toBe(400);
    expect(missing.json().error).toEqual({
      message: "Missing required parameter: 'model'.",
      type: "invalid_request_error",
      param: "model",
      code: "missing_required_parameter",
    });
    const badItem = await proxy.post("/v1/responses", { model: "ollama/llama3.2", input: [{ type: "function_call", name: "f" }] });
    expect(badItem.json().error).toMatchObject({ param: "input[0].call_id", code: "missing_required_parameter" });
    const badType = await proxy.post("/v1/responses", { model: "ollama/llama3.2", input: "hi", temperature: "hot" });
    expect(badType.json().error).toMatchObject({
      message: "Invalid type for 'temperature': expected a decimal, but got a string instead.",
      param: "temperature",
    });
  });

  it("answers 404 in OpenAI's words for a previous response it does not have", async () => {
    const response = await proxy.post("/v1/responses", { model: "ollama/llama3.2", input: "hi", previous_response_id: "resp_unknown" });
    expect(response.status).toBe(404);
    expect(response.json().error).toEqual({
      message: "Previous response with id 'resp_unknown' not found.",
      type: "invalid_request_error",
      param: "previous_response_id",
      code: "previous_response_not_found",
    });
  });

  it("bridges an OpenAI-compatible server not marked as speaking the Responses API", async () => {
    upstream.on("POST /groq/v1/chat/completions", replaySse(fixture("openai/text.sse")));
    const streamed = await proxy.post("/v1/responses", {
      model: "groq/llama-3.3-70b",
      instructions: "Be brief.",
      input: "Hi",
      stream: true,
    });
    const events = checkedEvents(streamed.text);
    expect(events.at(-1)!.event).toBe("response.completed");
    const sent = upstream.requests.at(-1)!.json();
    expect(sent.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
    ]);
    expect(sent.stream).toBe(true);
  });
});

describe("POST /v1/responses bridged: streams that fail, the openai SDK, parameters, the cache", () => {
  const claude = "anthropic/claude-sonnet-4-5";
  const anthropicRoute = "POST /anthropic/v1/messages";
  const textEvents = sseEvents(fixture("anthropic/text.sse"));
  const overloaded = fixture("errors/anthropic-overloaded-midstream.sse");

  it("ends a stream that fails after its first output with error and response.failed, never response.completed", async () => {
    upstream.on(anthropicRoute, replaySse([...textEvents.slice(0, 4), overloaded].join("")));
    const streamed = await proxy.post("/v1/responses", { model: claude, input: "Hello", stream: true });
    expect(streamed.status).toBe(200);
    const events = checkedEvents(streamed.text);
    const names = events.map((event) => event.event);
    expect(names.slice(-2)).toEqual(["error", "response.failed"]);
    expect(names).not.toContain("response.completed");
    expect(events.at(-2)!.data).toMatchObject({ code: "overloaded_error", message: "Overloaded", error: { message: "Overloaded" } });
    const failed = events.at(-1)!.data.response;
    expect(failed).toMatchObject({ status: "failed", error: { code: "server_error", message: "Overloaded" } });
    expect(outputText(failed)).toBe(deltas(events, "response.output_text.delta"));
    await expect(
      (async () => {
        const stream = await proxy.client.responses.create({ model: claude, input: "Hello", stream: true });
        for await (const _event of stream);
      })(),
    ).rejects.toThrow(/Overloaded/);
  });

  it("answers a stream that fails before any output with the HTTP error: nothing of it was sent", async () => {
    upstream.on(anthropicRoute, replaySse([textEvents[0]!, overloaded].join("")));
    const streamed = await proxy.post("/v1/responses", { model: claude, input: "Hello", stream: true });
    expect(streamed.status).toBe(503);
    expect(streamed.json().error).toMatchObject({ code: "overloaded_error" });
  });

  it("serves the openai SDK's responses.create, responses.stream().finalResponse(), retrieve, inputItems and delete", async () => {
    upstream.on(anthropicRoute, replaySse(fixture("anthropic/text.sse")));
    const final = await proxy.client.responses.stream({ model: claude, input: "Hello", instructions: "Be kind." }).finalResponse();
    expect(final.output_text.length).toBeGreaterThan(0);
    expect(final.status).toBe("completed");
    upstream.on(anthropicRoute, respond(200, JSON.stringify(anthropicMessage([{ type: "text", text: "Hello!", citations: null }]))));
    const created = await proxy.client.responses.create({ model: claude, input: "Hello" });
    expect(created.output_text).toBe("Hello!");
    expect(created.usage).toMatchObject({ input_tokens: 25, output_tokens: 12, total_tokens: 37 });
    const retrieved = await proxy.client.responses.retrieve(created.id);
    expect(retrieved.output_text).toBe("Hello!");
    const items = await proxy.client.responses.inputItems.list(created.id);
    expect(items.data).toMatchObject([{ type: "message", role: "user", content: [{ type: "input_text", text: "Hello" }] }]);
    await proxy.client.responses.delete(created.id);
    await expect(proxy.client.responses.retrieve(created.id)).rejects.toMatchObject({ status: 404 });
  });

  it("maps instructions, images, reasoning effort, text.format, limits and sampling onto the provider's request", async () => {
    upstream.on(anthropicRoute, respond(200, JSON.stringify(anthropicMessage([{ type: "text", text: "{}", citations: null }]))));
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
    const response = await proxy.post("/v1/responses", {
      model: "anthropic/claude-sonnet-4-5",
      instructions: "Answer in JSON.",
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "What is in this picture?" },
            { type: "input_image", image_url: `data:image/png;base64,${png}` },
          ],
        },
      ],
      reasoning: { effort: "low" },
      max_output_tokens: 3000,
      text: { format: { type: "json_schema", name: "reply", schema: { type: "object" } } },
      metadata: { run: "42" },
    });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({
      instructions: "Answer in JSON.",
      max_output_tokens: 3000,
      metadata: { run: "42" },
      reasoning: { effort: "low" },
    });
    const sent = upstream.requests.at(-1)!.json();
    expect(sent.system).toEqual([{ type: "text", text: "Answer in JSON." }]);
    expect(sent.messages[0].content).toEqual([
      { type: "text", text: "What is in this picture?" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: png } },
    ]);
    expect(sent.thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
    expect(sent.max_tokens).toBe(3000);

    upstream.on(CASES[1]!.routes.json, googleJson(recordedSegments("text.recording.json")));
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };
    await proxy.post("/v1/responses", {
      model: "gemini/gemini-2.0-flash",
      input: "Hi",
      text: { format: { type: "json_schema", name: "reply", schema } },
      temperature: 0.2,
      top_p: 0.9,
    });
    expect(upstream.requests.at(-1)!.json().generationConfig).toMatchObject({
      responseMimeType: "application/json",
      responseJsonSchema: schema,
      temperature: 0.2,
      topP: 0.9,
    });
  });

  it("names the field the client wrote when the provider's chat translation refuses one", async () => {
    const refused = await proxy.post("/v1/responses", { model: claude, input: "Hi", text: { format: { type: "json_object" } } });
    expect(refused.status).toBe(400);
    expect(refused.json().error).toMatchObject({ param: "text.format.type", code: "unsupported_value" });
    expect(refused.json().error.message).toContain("'text.format'");
    const image = await proxy.post("/v1/responses", {
      model: claude,
      instructions: "Look.",
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "Hi" },
            { type: "input_image", image_url: "ftp://example.com/x.png" },
          ],
        },
      ],
    });
    expect(image.status).toBe(400);
    expect(image.json().error.param).toMatch(/^input\[0\]\.content\[1\]/);
  });

  it("does not carry a previous response's instructions over, as OpenAI does not", async () => {
    upstream.on("POST /ollama/api/chat", respond(200, fixture("ollama/chat.json")));
    const first = (await proxy.post("/v1/responses", { model: "ollama/llama3.2", instructions: "Be terse.", input: "Hi" })).json();
    await proxy.post("/v1/responses", { model: "ollama/llama3.2", previous_response_id: first.id, input: "More" });
    const messages = upstream.requests.at(-1)!.json().messages;
    expect(messages.map((message: { role: string }) => message.role)).toEqual(["user", "assistant", "user"]);
  });
});

/** The events of a stream, each checked against the spec (no deviations: these are ours) and numbered in order. */
function checkedEvents(text: string): ResponsesEvent[] {
  const events = parseEvents(text);
  events.forEach((event, index) => {
    expect(event.event).toBe(event.data.type);
    expect(event.data.sequence_number).toBe(index);
    expectResponseEvent(event.data);
  });
  expect(events.filter((event) => event.event === "response.completed").length).toBeLessThanOrEqual(1);
  return events;
}

function deltas(events: ResponsesEvent[], type: string): string {
  return events
    .filter((event) => event.event === type)
    .map((event) => event.data.delta)
    .join("");
}

function outputText(response: { output: Array<{ type: string; content?: Array<{ type: string; text?: string }> }> }): string {
  return response.output
    .filter((item) => item.type === "message")
    .flatMap((item) => item.content ?? [])
    .map((part) => (part.type === "output_text" ? part.text : ""))
    .join("");
}

function reasoningText(response: { output: Array<{ type: string; summary?: Array<{ text: string }> }> }): string {
  return response.output
    .filter((item) => item.type === "reasoning")
    .flatMap((item) => item.summary ?? [])
    .map((part) => part.text)
    .join("");
}

/** Ollama's non-streaming answer: the streamed messages joined, with the last line's counts. */
function foldOllamaStream(ndjson: string): string {
  const parsed = lines(ndjson).map((line) => JSON.parse(line));
  const last = parsed.at(-1)!;
  const toolCalls = parsed.flatMap((line) => line.message?.tool_calls ?? []);
  const content = parsed.map((line) => line.message?.content ?? "").join("");
  return JSON.stringify({ ...last, message: { role: "assistant", content, tool_calls: toolCalls } });
}

/** The completion OpenAI's recorded tool-call stream adds up to (DashScope answers in the same shape). */
function toolCallCompletion(): string {
  const chunks = sseData(fixture("openai/tool-call.sse"))
    .filter((data) => data !== "[DONE]")
    .map((data) => JSON.parse(data));
  const args = chunks.map((chunk) => chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? "").join("");
  const first = chunks[0].choices[0].delta.tool_calls[0];
  return JSON.stringify({
    id: chunks[0].id,
    object: "chat.completion",
    created: chunks[0].created,
    model: "qwen-plus",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: null,
          tool_calls: [{ id: first.id, type: "function", function: { name: first.function.name, arguments: args } }],
        },
        finish_reason: "tool_calls",
      },
    ],
    usage: { prompt_tokens: 60, completion_tokens: 14, total_tokens: 74 },
  });
}
