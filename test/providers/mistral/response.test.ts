import { describe, expect, it } from "vitest";
import type { ChatCompletionMessageFunctionToolCall } from "openai/resources/chat/completions";
import { mistral } from "../../../src/providers/mistral/index.js";
import { expectCompletion } from "../../helpers/openai-schema.js";
import { translationContext } from "../../helpers/translation.js";
import { thrown } from "../../helpers/proxy-errors.js";
import { MISTRAL_ID } from "../../helpers/mistral-samples.js";
import { fixture, testData } from "../../helpers/files.js";

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
