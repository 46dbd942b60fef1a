import { describe, expect, it } from "vitest";
import OpenAI from "openai";
import type { ChatCompletionMessageFunctionToolCall } from "openai/resources/chat/completions";
import { mistral } from "../src/providers/mistral/index.js";
import { mistralToolCallId } from "../src/providers/mistral/tool-call-ids.js";
import { MISTRAL_TOOL_RESULTS_BRIDGE } from "../src/providers/mistral/messages.js";
import { MistralStreamTranslator } from "../src/providers/mistral/stream.js";
import { ProxyError } from "../src/errors.js";
import { expectChunk, expectCompletion, expectError, expectModelList, readSdkStream } from "./helpers/openai-schema.js";
import { fixture, respond, testData, type MockUpstream } from "./helpers/mock-upstream.js";
import { replayJsonlAsSse } from "./helpers/native-streams.js";
import { sseData, useProxyAgainstMock, type TestProxy } from "./helpers/proxy.js";
import { lines, translateAll, translationContext, type Emitted } from "./helpers/translation.js";
import { CompletionAssembler } from "../src/chat/assemble.js";
import { withCredentials } from "../src/pipeline/credentials.js";

const TEXT = fixture("mistral/text.chunks.jsonl");
const TOOL_CALL = fixture("mistral/tool-call.chunks.jsonl");
const weatherTool = {
  type: "function" as const,
  function: {
    name: "weather",
    description: "Weather in a city",
    parameters: { type: "object", properties: { location: { type: "string" } } },
  },
};

// The first four chunks as zed-industries/zed#53605 quotes them from devstral-medium-latest (tool
// calls streamed in pieces, `"p"` padding); that PR, zed#54058 and langchainjs#11505 report
// continuation pieces that carry the string "null" as their id, as the fifth does here.
const DEVSTRAL_HEAD =
  '{"id":"a7c258430bcb18fdacd3bbd773efb9f1","object":"chat.completion.chunk","created":1775811362,"model":"devstral-medium-latest","choices":[{"index":0,"delta":';
const DEVSTRAL_TOOL_CALL = [
  '{"role":"assistant","content":""},"finish_reason":null}]}',
  '{"tool_calls":[{"id":"WcG8xhSs1","function":{"name":"read_file","arguments":""},"index":0}]},"finish_reason":null}],"p":"abcdefghijklmno"}',
  '{"tool_calls":[{"function":{"name":"","arguments":"{\\""},"index":0}]},"finish_reason":null}],"p":"abcdefghijklmnopqrstuvwxyz01234567"}',
  '{"tool_calls":[{"function":{"name":"","arguments":"path"},"index":0}]},"finish_reason":null}]}',
  '{"tool_calls":[{"id":"null","function":{"name":"","arguments":"\\": \\"a.txt\\"}"},"index":0}]},"finish_reason":null}]}',
  '{"content":""},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":1021,"completion_tokens":22,"total_tokens":1043}}',
]
  .map((delta) => DEVSTRAL_HEAD + delta)
  .join("\n");
const MISTRAL_ID = /^[a-zA-Z0-9]{9}$/;

/** One chunk whose single choice carries `calls` in its delta and finishes with tool_calls. */
function toolCallChunk(calls: object[]): string {
  return JSON.stringify({
    id: "x",
    object: "chat.completion.chunk",
    created: 1,
    model: "open-mixtral-8x22b",
    choices: [{ index: 0, delta: { role: "assistant", tool_calls: calls }, finish_reason: "tool_calls" }],
  });
}

/** The tool calls of the answer a client assembles from the emitted chunks (each checked against OpenAI's schema). */
function assembled(emitted: Emitted[]): ChatCompletionMessageFunctionToolCall[] {
  const assembler = new CompletionAssembler();
  for (const { chunk } of emitted) {
    expectChunk(chunk);
    assembler.add(chunk);
  }
  return (assembler.result().choices[0]!.message.tool_calls ?? []) as ChatCompletionMessageFunctionToolCall[];
}

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

function build(request: object) {
  const ctx = translationContext(mistral, request);
  // What goes on the wire: the translation, then the credentials step.
  const call = withCredentials(
    mistral.chat.buildRequest(ctx) as Exclude<ReturnType<typeof mistral.chat.buildRequest>, Promise<unknown>>,
    ctx.provider,
    mistral.auth,
  );
  return { call, body: JSON.parse(call.body!) };
}

function thrown(fn: () => unknown): ProxyError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProxyError) return error;
    throw error;
  }
  throw new Error("expected a ProxyError");
}

describe("Mistral tool-call ids", () => {
  it("keeps Mistral's own ids and maps others to nine letters and digits, the same way every time", () => {
    expect(mistralToolCallId("gSIMJiOkT")).toBe("gSIMJiOkT");
    const foreign = mistralToolCallId("call_Rx9aBQmv2HnSNiBjLFf0wE1y");
    expect(foreign).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(mistralToolCallId("call_Rx9aBQmv2HnSNiBjLFf0wE1y")).toBe(foreign);
    // The id Mistral refused in the recorded error.
    expect(mistralToolCallId("turn1_0")).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(mistralToolCallId("turn1_1")).not.toBe(mistralToolCallId("turn1_0"));
  });
});

describe("Mistral request", () => {
  it("sends only fields Mistral defines, renamed where Mistral's names differ", () => {
    const { call, body } = build({
      model: "mistral-small-latest",
      messages: [
        { role: "developer", content: "Be brief." },
        { role: "user", content: "Weather in Paris?", name: "alice" },
      ],
      temperature: 0.3,
      top_p: 0.9,
      max_completion_tokens: 100,
      seed: 42,
      stop: ["\n\n"],
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      n: 1,
      tools: [weatherTool, { type: "function", function: { name: "noop" } }],
      tool_choice: "required",
      parallel_tool_calls: false,
      response_format: { type: "json_object" },
      store: true,
      logit_bias: { "50256": -100 },
      user: "user-1234",
      logprobs: true,
      top_logprobs: 2,
      service_tier: "flex",
      stream_options: { include_usage: true },
      safe_prompt: true,
      reasoning_effort: "high",
    });
    expect(call).toMatchObject({ method: "POST", url: "https://api.mistral.ai/v1/chat/completions", response: "json" });
    expect(call.headers).toMatchObject({
      authorization: "Bearer sk-test-key",
      "content-type": "application/json",
      accept: "application/json",
    });
    expect(body).toEqual({
      model: "mistral-small-latest",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Weather in Paris?" },
      ],
      stream: false,
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 100,
      random_seed: 42,
      stop: ["\n\n"],
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      n: 1,
      tools: [weatherTool, { type: "function", function: { name: "noop", parameters: { type: "object", properties: {} } } }],
      tool_choice: "any",
      parallel_tool_calls: false,
      response_format: { type: "json_object" },
      safe_prompt: true,
      reasoning_effort: "high",
    });
  });

  it("sends reasoning_effort in Mistral's range: max becomes xhigh, its highest", () => {
    const effort = (reasoning_effort: string) =>
      build({ model: "mistral-small-latest", messages: [{ role: "user", content: "hi" }], reasoning_effort }).body.reasoning_effort;
    expect(effort("max")).toBe("xhigh");
    for (const value of ["none", "minimal", "low", "medium", "high", "xhigh"]) expect(effort(value)).toBe(value);
    expect(thrown(() => effort("extreme"))).toMatchObject({ status: 400, param: "reasoning_effort", code: "invalid_value" });
  });

  it("rewrites foreign tool-call ids the same way in the assistant call and its tool result", () => {
    const openAIId = "call_Rx9aBQmv2HnSNiBjLFf0wE1y";
    const { body } = build({
      model: "mistral-large-latest",
      stream: true,
      messages: [
        { role: "user", content: "Weather in Paris and Lyon?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: openAIId, type: "function", function: { name: "weather", arguments: '{"location":"Paris"}' } },
            { id: "gSIMJiOkT", type: "function", function: { name: "weather", arguments: '{"location":"Lyon"}' } },
          ],
          reasoning_content: "two cities",
        },
        { role: "tool", tool_call_id: openAIId, content: "18°C" },
        { role: "tool", tool_call_id: "gSIMJiOkT", content: [{ type: "text", text: "21°C" }] },
      ],
    });
    const mapped = mistralToolCallId(openAIId);
    expect(body.stream).toBe(true);
    expect(body.messages.slice(1)).toEqual([
      {
        role: "assistant",
        tool_calls: [
          { id: mapped, type: "function", function: { name: "weather", arguments: '{"location":"Paris"}' } },
          { id: "gSIMJiOkT", type: "function", function: { name: "weather", arguments: '{"location":"Lyon"}' } },
        ],
      },
      { role: "tool", content: "18°C", tool_call_id: mapped, name: "weather" },
      { role: "tool", content: "21°C", tool_call_id: "gSIMJiOkT", name: "weather" },
    ]);
  });

  it("translates content parts, named tool choice, JSON schema and prediction", () => {
    const { body } = build({
      model: "pixtral-large-latest",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "low" } },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          ],
        },
        { role: "assistant", content: [{ type: "text", text: "A cat" }], prefix: true },
      ],
      tools: [weatherTool],
      tool_choice: { type: "function", function: { name: "weather" } },
      response_format: { type: "json_schema", json_schema: { name: "answer", schema: { type: "object" }, strict: true } },
      prediction: {
        type: "content",
        content: [
          { type: "text", text: "A " },
          { type: "text", text: "cat" },
        ],
      },
    });
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "low" } },
          { type: "image_url", image_url: "data:image/png;base64,iVBORw0KGgo=" },
        ],
      },
      { role: "assistant", content: "A cat", prefix: true },
    ]);
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "weather" } });
    expect(body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "answer", schema: { type: "object" }, strict: true },
    });
    expect(body.prediction).toEqual({ type: "content", content: "A cat" });
  });

  it("bridges a tool result and a following user or system message with an assistant turn, which Mistral requires", () => {
    const call = { id: "gSIMJiOkT", type: "function", function: { name: "weather", arguments: '{"location":"Paris"}' } };
    const { body } = build({
      model: "mistral-small-latest",
      messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "tool", tool_call_id: "gSIMJiOkT", content: "18°C" },
        { role: "user", content: "And tomorrow?" },
        { role: "assistant", content: null, tool_calls: [{ ...call, id: "Q3fh2kLmP" }] },
        { role: "tool", tool_call_id: "Q3fh2kLmP", content: "20°C" },
        { role: "system", content: "Answer in French." },
      ],
    });
    const bridge = { role: "assistant", content: MISTRAL_TOOL_RESULTS_BRIDGE };
    expect(body.messages.map((message: { role: string }) => message.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "assistant",
      "user",
      "assistant",
      "tool",
      "assistant",
      "system",
    ]);
    expect(body.messages[3]).toEqual(bridge);
    expect(body.messages[7]).toEqual(bridge);
    expect(MISTRAL_TOOL_RESULTS_BRIDGE.length).toBeGreaterThan(0);
  });

  it("marks a conversation's closing assistant text as the prefix Mistral continues", () => {
    const prefixed = build({
      model: "mistral-small-latest",
      messages: [
        { role: "user", content: "Tell a story." },
        { role: "assistant", content: "Once upon a time" },
      ],
    });
    expect(prefixed.body.messages.at(-1)).toEqual({ role: "assistant", content: "Once upon a time", prefix: true });
    const earlier = build({
      model: "mistral-small-latest",
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello!" },
        { role: "user", content: "Tell a story." },
      ],
    });
    expect(earlier.body.messages[1]).toEqual({ role: "assistant", content: "Hello!" });
  });

  it("answers 400 naming the field for what Mistral cannot take", () => {
    const cases: Array<[object, string]> = [
      [{ messages: [{ role: "function", name: "f", content: "x" }] }, "messages[0].role"],
      [{ messages: [{ role: "user", content: [{ type: "file", file: { file_data: "JVBER" } }] }] }, "messages[0].content[0].file"],
      [{ messages: [{ role: "user", content: "hi" }], tools: [{ type: "custom", custom: { name: "x" } }] }, "tools[0].type"],
      [
        { messages: [{ role: "assistant", tool_calls: [{ id: "a", type: "function", function: {} }] }] },
        "messages[0].tool_calls[0].function.name",
      ],
      [{ messages: [{ role: "tool", content: "x" }] }, "messages[0].tool_call_id"],
      [{ messages: [{ role: "user", content: "hi" }], tool_choice: { type: "allowed_tools", allowed_tools: {} } }, "tool_choice"],
      [{ messages: [{ role: "user", content: "hi" }], prediction: { type: "content", content: 42 } }, "prediction.content"],
    ];
    for (const [request, param] of cases) {
      const error = thrown(() => build({ model: "mistral-small-latest", ...request }));
      expect(error).toMatchObject({ status: 400, param, type: "invalid_request_error" });
      expectError(error.toBody());
    }
  });
});

describe("Mistral stream translation (recorded chunks)", () => {
  const translate = (jsonl: string, request: object = { model: "mistral-small-latest", stream: true }) =>
    translateAll(new MistralStreamTranslator(translationContext(mistral, { messages: [], ...request })), [...lines(jsonl), "[DONE]"]);

  it("relays text chunks as their own bytes and moves the finish chunk's usage to a usage chunk", () => {
    const recorded = lines(TEXT);
    const emitted = translate(TEXT);
    expect(emitted).toHaveLength(recorded.length + 1);
    for (let i = 0; i < recorded.length - 1; i++) {
      expect(emitted[i]!.text).toBe(recorded[i]);
      expect(emitted[i]!.chunk).toEqual(JSON.parse(recorded[i]!));
    }
    const identity = {
      id: "5319bd0299614c679a0068a4f2c8ffd0",
      object: "chat.completion.chunk",
      created: 1769088720,
      model: "mistral-small-latest",
    };
    expect(emitted.at(-2)!.chunk).toEqual({
      ...identity,
      choices: [{ index: 0, delta: { content: "" }, logprobs: null, finish_reason: "stop" }],
    });
    expect(emitted.at(-1)!.chunk).toEqual({
      ...identity,
      choices: [],
      usage: { prompt_tokens: 13, completion_tokens: 8, total_tokens: 21 },
    });
    for (const { chunk } of emitted) expectChunk(chunk);
  });

  it("relays plain text chunks after the first token without parsing them, and parses everything else", () => {
    const recorded = lines(TEXT);
    const kinds: string[] = [];
    const translator = new MistralStreamTranslator(
      translationContext(mistral, { model: "mistral-small-latest", messages: [], stream: true }),
    );
    const sink = {
      chunk: (_chunk: unknown, text?: string) => void kinds.push(text === undefined ? "built" : "chunk"),
      relay: (text: string) => {
        kinds.push("relay");
        expect(recorded).toContain(text);
      },
    };
    for (const data of recorded) translator.push({ event: undefined, data }, sink);
    // role chunk and first token parsed (time to first token), the other tokens relayed, the
    // finish chunk rebuilt with its usage moved to a usage chunk.
    expect(kinds).toEqual(["chunk", "chunk", ...recorded.slice(2, -1).map(() => "relay"), "built", "built"]);

    // Anything but a plain text delta in Mistral's exact layout is still parsed and translated.
    const [head, tail] = recorded[2]!.split('"content":", "');
    expect(tail).toBeDefined();
    const parsedAfterFirstToken = [
      recorded[2]!.replace("}]}", '}],"p":"abcdef"}'),
      recorded[2]!.replace('"content":", "', '"content":[{"type":"text","text":", "}]'),
      recorded[2]!.replace(
        '"content":", "',
        '"content":", ","tool_calls":[{"id":"gSIMJiOkT","function":{"name":"weather","arguments":"{}"}}]',
      ),
      recorded[2]!.replace("}]}", '}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}'),
      recorded[2]!.replace('"content":", "', '"content":"bad \\x escape"'),
      `${head}"role":"assistant","content":", "${tail}`,
    ];
    for (const data of parsedAfterFirstToken) {
      kinds.length = 0;
      const fresh = new MistralStreamTranslator(translationContext(mistral, { model: "mistral-small-latest", messages: [], stream: true }));
      for (const first of recorded.slice(0, 2)) fresh.push({ event: undefined, data: first }, sink);
      try {
        fresh.push({ event: undefined, data }, sink);
      } catch (error) {
        expect(error).toMatchObject({ status: 502, code: "bad_upstream_response" });
      }
      expect(kinds).not.toContain("relay");
    }
  });

  it("gives a whole tool call without index its index and type", () => {
    const emitted = translate(TOOL_CALL);
    const identity = {
      id: "b3999b8c93e04e11bcbff7bcab829667",
      object: "chat.completion.chunk",
      created: 1769088854,
      model: "mistral-small-latest",
    };
    expect(emitted.map((entry) => entry.chunk)).toEqual([
      JSON.parse(lines(TOOL_CALL)[0]!),
      {
        ...identity,
        choices: [
          {
            index: 0,
            delta: {
              content: null,
              tool_calls: [
                { index: 0, id: "gSIMJiOkT", type: "function", function: { name: "weather", arguments: '{"location": "San Francisco"}' } },
              ],
            },
            logprobs: null,
            finish_reason: "tool_calls",
          },
        ],
      },
      { ...identity, choices: [], usage: { prompt_tokens: 124, completion_tokens: 22, total_tokens: 146 } },
    ]);
    for (const { chunk } of emitted) expectChunk(chunk);
  });

  it("numbers parallel calls that arrive in one delta with the same index", () => {
    const recorded = JSON.parse(lines(TOOL_CALL)[1]!);
    const call = recorded.choices[0].delta.tool_calls[0];
    recorded.choices[0].delta.tool_calls = [
      { ...call, index: 0 },
      { ...call, id: "Q3fh2kLmP", index: 0, function: { name: "weather", arguments: { location: "Lyon" } } },
    ];
    const [chunk] = translate(JSON.stringify(recorded));
    expect(chunk!.chunk.choices[0]!.delta.tool_calls).toEqual([
      { index: 0, id: "gSIMJiOkT", type: "function", function: { name: "weather", arguments: '{"location": "San Francisco"}' } },
      { index: 1, id: "Q3fh2kLmP", type: "function", function: { name: "weather", arguments: '{"location":"Lyon"}' } },
    ]);
  });

  it("keeps a call streamed in pieces on one index, whatever id its continuations carry", () => {
    const emitted = translate(DEVSTRAL_TOOL_CALL);
    expect(emitted.flatMap((entry) => entry.chunk.choices[0]?.delta.tool_calls ?? [])).toEqual([
      { index: 0, id: "WcG8xhSs1", type: "function", function: { name: "read_file", arguments: "" } },
      { index: 0, function: { arguments: '{"' } },
      { index: 0, function: { arguments: "path" } },
      { index: 0, function: { arguments: '": "a.txt"}' } },
    ]);
    expect(assembled(emitted)).toEqual([
      { id: "WcG8xhSs1", type: "function", function: { name: "read_file", arguments: '{"path": "a.txt"}' } },
    ]);
  });

  it("sends a repeated id, like a name, only with a call's first piece", () => {
    const piece = (args: string) => ({ id: "Q3fh2kLmP", index: 0, function: { name: "weather", arguments: args } });
    const emitted = translate([toolCallChunk([piece('{"location":')]), toolCallChunk([piece('"Lyon"}')])].join("\n"));
    expect(emitted.map((entry) => entry.chunk.choices[0]!.delta.tool_calls)).toEqual([
      [{ index: 0, id: "Q3fh2kLmP", type: "function", function: { name: "weather", arguments: '{"location":' } }],
      [{ index: 0, function: { arguments: '"Lyon"}' } }],
    ]);
    expect(assembled(emitted)).toEqual([
      { id: "Q3fh2kLmP", type: "function", function: { name: "weather", arguments: '{"location":"Lyon"}' } },
    ]);
  });

  it("gives calls without a usable id their own index and an id in Mistral's form", () => {
    const calls = assembled(
      translate(
        toolCallChunk([
          { id: "null", function: { name: "weather", arguments: '{"location":"Paris"}' } },
          { id: "null", function: { name: "time", arguments: '{"zone":"CET"}' } },
          { function: { name: "noop", arguments: "{}" } },
          { id: "", index: 3, function: { name: "noop", arguments: "{}" } },
        ]),
      ),
    );
    expect(calls.map((call) => call.function)).toEqual([
      { name: "weather", arguments: '{"location":"Paris"}' },
      { name: "time", arguments: '{"zone":"CET"}' },
      { name: "noop", arguments: "{}" },
      { name: "noop", arguments: "{}" },
    ]);
    for (const call of calls) expect(call.id).toMatch(MISTRAL_ID);
    expect(new Set(calls.map((call) => call.id)).size).toBe(4);
  });

  it("turns reasoning chunks into reasoning_content and model_length into length", () => {
    const base = { id: "r1", object: "chat.completion.chunk", created: 1, model: "magistral-small-2509" };
    const emitted = translate(
      [
        {
          ...base,
          choices: [
            {
              index: 0,
              delta: { role: "assistant", content: [{ type: "thinking", thinking: [{ type: "text", text: "Hmm." }] }] },
              finish_reason: null,
            },
          ],
        },
        { ...base, choices: [{ index: 0, delta: { content: [{ type: "text", text: "Four." }] }, finish_reason: "model_length" }] },
      ]
        .map((chunk) => JSON.stringify(chunk))
        .join("\n"),
    );
    expect(emitted.map((entry) => entry.chunk.choices[0]?.delta)).toEqual([
      { role: "assistant", reasoning_content: "Hmm." },
      { content: "Four." },
    ]);
    expect(emitted[1]!.chunk.choices[0]!.finish_reason).toBe("length");
  });

  it("fails on a stream that ends early, on garbage and on an error event", () => {
    expect(() =>
      translateAll(new MistralStreamTranslator(translationContext(mistral, { model: "m", messages: [] })), lines(TEXT).slice(0, 3)),
    ).toThrow(/ended before the answer was complete/);
    const twoChoices = (index: number, finish: string | null) =>
      JSON.stringify({
        id: "x",
        object: "chat.completion.chunk",
        created: 1,
        model: "m",
        choices: [{ index, delta: { content: "a" }, finish_reason: finish }],
      });
    const translator = () => new MistralStreamTranslator(translationContext(mistral, { model: "m", messages: [], n: 2 }));
    expect(() => translateAll(translator(), [twoChoices(0, null), twoChoices(1, null), twoChoices(0, "stop")])).toThrow(
      /ended before the answer was complete/,
    );
    expect(translateAll(translator(), [twoChoices(0, null), twoChoices(1, "stop"), twoChoices(0, "stop")])).toHaveLength(3);
    expect(() => translate("{not json")).toThrow(ProxyError);
    const error = thrown(() => translate(fixture("errors/mistral-tool-call-id.json")));
    expect(error).toMatchObject({ status: 502, type: "invalid_function_call", code: "3280" });
  });
});

describe("garbled Mistral answers", () => {
  it("are 502s, never crashes", () => {
    const base = { id: "x", object: "chat.completion.chunk", created: 1, model: "m" };
    const garbled = [
      { ...base, choices: [null] },
      { ...base, choices: [{ index: 0, delta: { tool_calls: [null] } }] },
      { ...base, choices: [{ index: 0, delta: { tool_calls: "x" } }] },
    ];
    for (const chunk of garbled) {
      const translator = new MistralStreamTranslator(translationContext(mistral, { model: "m", messages: [] }));
      expect(() => translateAll(translator, [JSON.stringify(chunk)])).toThrow(/malformed/);
    }
    const parse = (body: object) => () =>
      mistral.chat.parseResponse(JSON.stringify(body), translationContext(mistral, { model: "m", messages: [] }));
    expect(parse({ choices: [1] })).toThrow(/malformed/);
    expect(parse({ choices: [{ message: { tool_calls: [null] } }] })).toThrow(/malformed/);
    expect(
      parse({ choices: [{ message: { content: [null, { type: "text", text: "ok" }] }, finish_reason: "stop" }] })().completion.choices[0]!
        .message.content,
    ).toBe("ok");
  });
});

describe("Mistral JSON answers and errors", () => {
  const parse = (body: string) =>
    mistral.chat.parseResponse(body, translationContext(mistral, { model: "mistral-large-latest", messages: [] })).completion;

  it("types tool calls and keeps usage", () => {
    const completion = parse(testData("mistral-tool-call-completion.json"));
    expect(completion).toEqual({
      id: "cmpl-e5cc70bb28c444948073e77776eb30ef",
      object: "chat.completion",
      created: 1702256327,
      model: "mistral-large-latest",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: "",
            refusal: null,
            tool_calls: [
              { id: "D681PevKs", type: "function", function: { name: "get_current_weather", arguments: '{"location": "Paris, 75"}' } },
            ],
          },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
      usage: { prompt_tokens: 118, completion_tokens: 35, total_tokens: 153 },
    });
    expectCompletion(completion);
  });

  it("gives a call without a usable id an id in Mistral's form", () => {
    const body = JSON.parse(testData("mistral-tool-call-completion.json"));
    const call = body.choices[0].message.tool_calls[0];
    body.choices[0].message.tool_calls = [{ ...call, id: "null" }, { function: call.function }];
    const calls = parse(JSON.stringify(body)).choices[0]!.message.tool_calls as ChatCompletionMessageFunctionToolCall[];
    expect(calls).toHaveLength(2);
    for (const made of calls) {
      expect(made.id).toMatch(MISTRAL_ID);
      expect(made.function).toEqual({ name: "get_current_weather", arguments: '{"location": "Paris, 75"}' });
    }
    expect(calls[0]!.id).not.toBe(calls[1]!.id);
  });

  it("flattens reasoning chunks into reasoning_content", () => {
    const completion = parse(testData("mistral-reasoning-completion.json"));
    expect(completion.choices[0]!.message).toEqual({
      role: "assistant",
      content: "2 + 2 = 4.",
      refusal: null,
      reasoning_content: "The user asks what 2 + 2 is. That is 4.",
    });
    expectCompletion(completion);
  });

  it("reports finish_reason error as an upstream failure", () => {
    const body = JSON.parse(testData("mistral-reasoning-completion.json"));
    body.choices[0].finish_reason = "error";
    expect(thrown(() => parse(JSON.stringify(body)))).toMatchObject({ status: 502, code: "upstream_generation_error" });
  });

  it("normalises the recorded tool-call-id error", () => {
    const error = mistral.parseError(400, fixture("errors/mistral-tool-call-id.json"), { "retry-after": "3" });
    expect(error.toBody()).toEqual({
      error: {
        message: "Tool call id was turn1_0 but must be a-z, A-Z, 0-9, with a length of 9.",
        type: "invalid_function_call",
        param: null,
        code: "3280",
      },
    });
    expect(error.status).toBe(400);
    expect(error.headers).toEqual({ "retry-after": "3" });
  });

  it("names each field of a validation failure, in both of Mistral's shapes", () => {
    // As quoted from Mistral's API in public bug reports (mistral-go#3, php-mistral#76).
    const nested = JSON.stringify({
      object: "error",
      message: {
        detail: [
          { type: "extra_forbidden", loc: ["body", "messages", 0, "user", "name"], msg: "Extra inputs are not permitted", input: "" },
          { type: "extra_forbidden", loc: ["body", "store"], msg: "Extra inputs are not permitted", input: true },
        ],
      },
      type: "invalid_request_error",
      param: null,
      code: null,
    });
    const flat = JSON.stringify({
      object: "Error",
      detail: [{ type: "extra_forbidden", loc: ["body", "tools"], msg: "Extra inputs are not permitted", input: [] }],
      message: [{ type: "extra_forbidden", loc: ["body", "tools"], msg: "Extra inputs are not permitted", input: [] }],
      type: "invalid_request_error",
      code: 3001,
    });
    expect(mistral.parseError(422, nested, {}).toBody().error).toEqual({
      message: "messages.0.user.name: Extra inputs are not permitted; store: Extra inputs are not permitted",
      type: "invalid_request_error",
      param: null,
      code: null,
    });
    expect(mistral.parseError(422, flat, {}).toBody().error).toEqual({
      message: "tools: Extra inputs are not permitted",
      type: "invalid_request_error",
      param: null,
      code: "3001",
    });
    expect(mistral.parseError(401, '{"message":"Unauthorized","request_id":"abc"}', {}).toBody().error).toMatchObject({
      message: "Unauthorized",
      type: "authentication_error",
    });
  });
});

describe("Mistral through the proxy", () => {
  const KEY = "mistral-secret-key-0123456789";
  let upstream: MockUpstream;
  let proxy: TestProxy;

  useProxyAgainstMock(
    (started) => ({ upstream, proxy } = started),
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
