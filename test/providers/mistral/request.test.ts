import { describe, expect, it } from "vitest";
import { mistral } from "../../../src/providers/mistral/index.js";
import { mistralToolCallId } from "../../../src/providers/mistral/tool-call-ids.js";
import { MISTRAL_TOOL_RESULTS_BRIDGE } from "../../../src/providers/mistral/messages.js";
import { expectError } from "../../helpers/openai-schema.js";
import { translationContext, onTheWire } from "../../helpers/translation.js";
import { thrown } from "../../helpers/proxy-errors.js";
import { weatherTool } from "../../helpers/mistral-samples.js";
import type { UpstreamCall } from "../../../src/providers/types.js";

function build(request: object) {
  const ctx = translationContext(mistral, request);
  const call = onTheWire(mistral.chat.buildRequest(ctx) as UpstreamCall, ctx, mistral);
  return { call, body: JSON.parse(call.body!) };
}

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
