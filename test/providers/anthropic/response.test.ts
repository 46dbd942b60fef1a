import { describe, expect, it } from "vitest";
import { parseAnthropicResponse } from "../../../src/providers/anthropic/response.js";
import { translationContext } from "../../helpers/translation.js";
import { anthropic } from "../../../src/providers/anthropic/index.js";
import { expectCompletion } from "../../helpers/openai-schema.js";
import { anthropicMessage } from "../../helpers/anthropic-message.js";

const ctx = translationContext(anthropic, { model: "claude-sonnet-4-5" });

describe("Anthropic JSON answers", () => {
  it("translates text with the upstream model name, finish reason and usage", () => {
    const { completion, text } = parseAnthropicResponse(
      JSON.stringify(anthropicMessage([{ type: "text", text: "Hello!", citations: null }])),
      ctx,
    );
    expect(text).toBeUndefined();
    expectCompletion(completion);
    expect(completion).toEqual({
      id: "chatcmpl-test",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "claude-sonnet-4-5-20250929",
      choices: [{ index: 0, message: { role: "assistant", content: "Hello!", refusal: null }, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: 25, completion_tokens: 12, total_tokens: 37, prompt_tokens_details: { cached_tokens: 0 } },
    });
  });

  it("keeps thinking apart in reasoning_content and turns tool_use blocks into tool calls with string arguments", () => {
    const message = anthropicMessage(
      [
        { type: "thinking", thinking: "The user wants the weather in two cities.", signature: "sig" },
        { type: "text", text: "Checking both.", citations: null },
        { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" }, caller: { type: "direct" } },
        { type: "tool_use", id: "toolu_2", name: "get_weather", input: { city: "Oslo" }, caller: { type: "direct" } },
      ],
      { stop_reason: "tool_use" },
    );
    message.usage = {
      ...message.usage,
      cache_read_input_tokens: 1000,
      cache_creation_input_tokens: 200,
      output_tokens_details: { thinking_tokens: 7 },
    };
    const { completion } = parseAnthropicResponse(JSON.stringify(message), ctx);
    expectCompletion(completion);
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: "assistant",
        content: "Checking both.",
        refusal: null,
        reasoning_content: "The user wants the weather in two cities.",
        tool_calls: [
          { id: "toolu_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
          { id: "toolu_2", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
        ],
      },
      logprobs: null,
      finish_reason: "tool_calls",
    });
    expect(completion.usage).toEqual({
      prompt_tokens: 1225,
      completion_tokens: 12,
      total_tokens: 1237,
      prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 200 },
      completion_tokens_details: { reasoning_tokens: 7 },
    });
  });

  it("answers content null when the model said nothing but called a tool", () => {
    const message = anthropicMessage([{ type: "tool_use", id: "toolu_1", name: "now", input: {}, caller: { type: "direct" } }], {
      stop_reason: "tool_use",
    });
    const { completion } = parseAnthropicResponse(JSON.stringify(message), ctx);
    expect(completion.choices[0]!.message.content).toBeNull();
    expect(completion.choices[0]!.message.tool_calls![0]!).toMatchObject({ function: { arguments: "{}" } });
  });

  it.each(["not json", "[]", '{"content":"x"}'])("answers a 502 for a malformed body %j", (body) => {
    expect(() => parseAnthropicResponse(body, ctx)).toThrow(expect.objectContaining({ status: 502, code: "bad_upstream_response" }));
  });
});
