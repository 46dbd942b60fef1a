import { describe, expect, it } from "vitest";
import OpenAI from "openai";
import type { ChatCompletionMessageFunctionToolCall } from "openai/resources/chat/completions";
import { expectChunk, expectCompletion, expectError, expectModelList, readSdkStream } from "../helpers/openai-schema.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";
import { DEVSTRAL_TOOL_CALL, MISTRAL_ID, toolCallChunk, weatherTool } from "../helpers/mistral-samples.js";
import { fixture, testData, lines } from "../helpers/files.js";
import { sseData } from "../helpers/sse.js";
import { respond, replayJsonlAsSse } from "../helpers/mock-answers.js";

const TEXT = fixture("mistral/text.chunks.jsonl");
const TOOL_CALL = fixture("mistral/tool-call.chunks.jsonl");

/**
 * The body Mistral answers a conversation it refuses, by the rules of mistral-common's
 * MistralRequestValidator (serving mode), which produces the messages Mistral's API returns: an
 * assistant message has content or tool calls; a tool result is followed only by a tool result or
 * an assistant message; the last message is a user or tool message, or assistant text marked
 * `prefix`. Undefined when it accepts it.
 */
function mistralOrderRefusal(
  messages: Array<{ role: string; content?: unknown; tool_calls?: unknown[]; prefix?: boolean }>,
): string | undefined {
  const refuse = (message: string, type = "invalid_request_message_order", code: string | null = "3230") =>
    JSON.stringify({ object: "error", message, type, param: null, code });
  for (const [index, message] of messages.entries()) {
    if (message.role === "assistant" && Boolean(message.content) === Boolean(message.tool_calls?.length)) {
      return refuse("Assistant message must have either content or tool_calls, but not both.", "invalid_request_error", null);
    }
    const previous = messages[index - 1];
    if (previous?.role === "tool" && message.role !== "tool" && message.role !== "assistant") {
      return refuse(`Unexpected role '${message.role}' after role 'tool'`);
    }
  }
  const last = messages.at(-1)!;
  if (last.role !== "user" && last.role !== "tool" && !(last.role === "assistant" && last.prefix)) {
    return refuse(
      `Expected last role User or Tool (or Assistant with prefix True) for serving but got ${last.role}`,
      "invalid_request_error",
      null,
    );
  }
  return undefined;
}

describe("Mistral through the proxy", () => {
  const KEY = "mistral-secret-key-0123456789";

  const { upstream, proxy } = useProxyAgainstMock(
    (url) =>
      `
providers:
  mistral:
    type: mistral
    base_url: ${url}/v1
    api_key: \${MISTRAL_API_KEY}
routes:
  - { match: "mistral-*", provider: mistral }
`,
    { MISTRAL_API_KEY: KEY },
  );

  it("answers JSON through the openai SDK, with the exact native request upstream", async () => {
    upstream.on("POST /v1/chat/completions", respond(200, testData("mistral-tool-call-completion.json")));
    const completion = await proxy.client.chat.completions.create({
      model: "mistral-large-latest",
      messages: [{ role: "user", content: "Weather in Paris?" }],
      tools: [weatherTool],
      tool_choice: "required",
      seed: 7,
      user: "someone",
      store: false,
    });
    expectCompletion(completion);
    expect(completion.choices[0]!.message.tool_calls).toEqual([
      { id: "D681PevKs", type: "function", function: { name: "get_current_weather", arguments: '{"location": "Paris, 75"}' } },
    ]);
    const sent = upstream.requests.at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.json()).toEqual({
      model: "mistral-large-latest",
      messages: [{ role: "user", content: "Weather in Paris?" }],
      stream: false,
      random_seed: 7,
      tools: [weatherTool],
      tool_choice: "any",
    });
  });

  it("streams the recorded text through the openai SDK, usage only when asked", async () => {
    upstream.on("POST /v1/chat/completions", replayJsonlAsSse(TEXT));
    const stream = await proxy.client.chat.completions.create({
      model: "mistral-small-latest",
      messages: [{ role: "user", content: "Say hello" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const { text, usage } = await readSdkStream(stream);
    expect(text).toBe("Hello, world! This is a test response.");
    expect(usage).toEqual({ prompt_tokens: 13, completion_tokens: 8, total_tokens: 21 });
    expect(upstream.requests.at(-1)!.json()).toEqual({
      model: "mistral-small-latest",
      messages: [{ role: "user", content: "Say hello" }],
      stream: true,
    });

    const raw = await proxy.post("/v1/chat/completions", {
      model: "mistral-small-latest",
      messages: [{ role: "user", content: "Say hello" }],
      stream: true,
    });
    const data = sseData(raw.text);
    expect(data.at(-1)).toBe("[DONE]");
    expect(data.slice(0, 7)).toEqual(lines(TEXT).slice(0, 7));
    expect(data).toHaveLength(lines(TEXT).length + 1);
    for (const payload of data.slice(0, -1)) expect(JSON.parse(payload).usage).toBeUndefined();
  });

  it("streams the recorded tool call, and the next turn sends its result under Mistral's id", async () => {
    upstream.on("POST /v1/chat/completions", replayJsonlAsSse(TOOL_CALL));
    const stream = proxy.client.chat.completions.stream({
      model: "mistral-small-latest",
      messages: [{ role: "user", content: "Weather in San Francisco?" }],
      tools: [weatherTool],
      stream: true,
    });
    for await (const chunk of stream) expectChunk(chunk);
    const final = await stream.finalChatCompletion();
    const message = final.choices[0]!.message;
    expect(final.choices[0]!.finish_reason).toBe("tool_calls");
    expect(message.tool_calls).toEqual([
      { id: "gSIMJiOkT", type: "function", function: { name: "weather", arguments: '{"location": "San Francisco"}' } },
    ]);

    upstream.on("POST /v1/chat/completions", replayJsonlAsSse(TEXT));
    await proxy.client.chat.completions.create({
      model: "mistral-small-latest",
      messages: [
        { role: "user", content: "Weather in San Francisco?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "gSIMJiOkT", type: "function", function: { name: "weather", arguments: '{"location": "San Francisco"}' } }],
        },
        { role: "tool", tool_call_id: "gSIMJiOkT", content: "18°C and sunny" },
      ],
      tools: [weatherTool],
      stream: true,
    });
    expect(upstream.requests.at(-1)!.json().messages.slice(1)).toEqual([
      {
        role: "assistant",
        tool_calls: [{ id: "gSIMJiOkT", type: "function", function: { name: "weather", arguments: '{"location": "San Francisco"}' } }],
      },
      { role: "tool", content: "18°C and sunny", tool_call_id: "gSIMJiOkT", name: "weather" },
    ]);
  });

  it("streams devstral's piecewise tool call as one call the openai SDK assembles, and parallel calls without ids apart", async () => {
    upstream.on("POST /v1/chat/completions", replayJsonlAsSse(DEVSTRAL_TOOL_CALL));
    const request = {
      model: "mistral-small-latest",
      messages: [{ role: "user" as const, content: "Read a.txt" }],
      tools: [weatherTool],
      stream: true as const,
    };
    const first = proxy.client.chat.completions.stream(request);
    for await (const chunk of first) expectChunk(chunk);
    expect((await first.finalChatCompletion()).choices[0]!.message.tool_calls).toEqual([
      { id: "WcG8xhSs1", type: "function", function: { name: "read_file", arguments: '{"path": "a.txt"}' } },
    ]);

    const parallel = toolCallChunk([
      { id: "null", function: { name: "weather", arguments: '{"location":"Paris"}' } },
      { id: "null", function: { name: "weather", arguments: '{"location":"Lyon"}' } },
    ]);
    upstream.on("POST /v1/chat/completions", replayJsonlAsSse(parallel));
    const second = proxy.client.chat.completions.stream(request);
    for await (const chunk of second) expectChunk(chunk);
    const calls = (await second.finalChatCompletion()).choices[0]!.message.tool_calls as ChatCompletionMessageFunctionToolCall[];
    expect(calls.map((call) => call.function.arguments)).toEqual(['{"location":"Paris"}', '{"location":"Lyon"}']);
    for (const call of calls) expect(call.id).toMatch(MISTRAL_ID);
  });

  it("sends conversations OpenAI accepts in an order Mistral accepts", async () => {
    upstream.on("POST /v1/chat/completions", (request, res) => {
      const refusal = mistralOrderRefusal(request.json().messages);
      res.writeHead(refusal ? 400 : 200, { "content-type": "application/json" });
      res.end(refusal ?? testData("mistral-tool-call-completion.json"));
    });
    const call = { id: "gSIMJiOkT", type: "function" as const, function: { name: "weather", arguments: '{"location":"Paris"}' } };
    const conversations: OpenAI.ChatCompletionMessageParam[][] = [
      [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "tool", tool_call_id: "gSIMJiOkT", content: "18°C" },
        { role: "user", content: "Never mind, what about Lyon?" },
      ],
      [
        { role: "user", content: "Tell a story." },
        { role: "assistant", content: "Once upon a time" },
      ],
    ];
    for (const messages of conversations) {
      const completion = await proxy.client.chat.completions.create({ model: "mistral-small-latest", messages, tools: [weatherTool] });
      expectCompletion(completion);
      expect(mistralOrderRefusal(upstream.requests.at(-1)!.json().messages)).toBeUndefined();
    }
  });

  it("passes Mistral's errors on in OpenAI's shape with their status", async () => {
    upstream.on("POST /v1/chat/completions", respond(400, fixture("errors/mistral-tool-call-id.json")));
    const raw = await proxy.post("/v1/chat/completions", { model: "mistral-small-latest", messages: [{ role: "user", content: "hi" }] });
    expect(raw.status).toBe(400);
    expectError(raw.json());
    expect(raw.json().error).toMatchObject({ type: "invalid_function_call", code: "3280" });
    const failure = await proxy.client.chat.completions
      .create({ model: "mistral-small-latest", messages: [{ role: "user", content: "hi" }] })
      .catch((e) => e);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(failure.message).toContain("Tool call id was turn1_0");
  });

  it("ends a stream whose upstream sends an error event with one error event", async () => {
    const broken = `${lines(TEXT).slice(0, 2).join("\n")}\n${fixture("errors/mistral-tool-call-id.json").trim()}`;
    upstream.on("POST /v1/chat/completions", replayJsonlAsSse(broken));
    const raw = await proxy.post("/v1/chat/completions", {
      model: "mistral-small-latest",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    const data = sseData(raw.text);
    expect(data).toHaveLength(3);
    expect(data.slice(0, 2)).toEqual(lines(TEXT).slice(0, 2));
    const error = JSON.parse(data[2]!);
    expectError(error);
    expect(error.error).toMatchObject({ type: "invalid_function_call", code: "3280" });
  });

  it("lists Mistral's models", async () => {
    const list = {
      object: "list",
      data: [
        {
          id: "mistral-small-latest",
          object: "model",
          created: 1769088000,
          owned_by: "mistralai",
          capabilities: { completion_chat: true },
        },
        { id: "ministral-8b-latest", object: "model", created: 1769088000, owned_by: "mistralai", capabilities: { completion_chat: true } },
      ],
    };
    upstream.on("GET /v1/models", respond(200, JSON.stringify(list)));
    const raw = await proxy.get("/v1/models");
    expectModelList(raw.json());
    expect(raw.json().data).toEqual([
      { id: "mistral-small-latest", object: "model", created: 1769088000, owned_by: "mistralai" },
      { id: "mistral/ministral-8b-latest", object: "model", created: 1769088000, owned_by: "mistralai" },
    ]);
  });
});
