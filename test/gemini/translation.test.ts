import { describe, expect, it } from "vitest";
import { googleError } from "../../src/providers/gemini/errors.js";
import { parseGeminiResponse } from "../../src/providers/gemini/response.js";
import { toGeminiSchema } from "../../src/providers/gemini/schema.js";
import { thoughtSignatureOf, toolCallId } from "../../src/providers/gemini/tool-call-id.js";
import type { GenerateContentAnswer } from "../../src/providers/gemini/wire.js";
import { fixture } from "../helpers/mock-upstream.js";
import { translationContext } from "../helpers/native-replay.js";
import { expectCompletion, expectError } from "../helpers/openai-schema.js";
import { recordedSegments, recordedThoughtSignature } from "./samples.js";

const ctx = translationContext("providers:\n  gemini:\n    type: gemini\n    api_key: k\n", "gemini", { model: "gemini-2.0-flash" });

describe("Gemini JSON answers", () => {
  it("text.recording.json: text, STOP, usage", () => {
    const [body] = recordedSegments("text.recording.json");
    const { completion } = parseGeminiResponse(body!, ctx);
    expectCompletion(completion);
    const recorded = JSON.parse(body!).candidates[0].content.parts[0].text;
    expect(completion).toEqual({
      id: "chatcmpl-test",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "gemini-2.0-flash",
      choices: [{ index: 0, message: { role: "assistant", content: recorded, refusal: null }, logprobs: null, finish_reason: "stop" }],
      usage: {
        prompt_tokens: 6,
        completion_tokens: 353,
        total_tokens: 359,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
  });

  it("function-call.recording.json: a tool call with a generated id and string arguments", () => {
    const { completion } = parseGeminiResponse(recordedSegments("function-call.recording.json")[0]!, ctx);
    expectCompletion(completion);
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: "assistant",
        content: null,
        refusal: null,
        tool_calls: [
          { id: expect.stringMatching(/^call_[0-9A-Za-z]{24}$/), type: "function", function: { name: "customDivide", arguments: '{"denominator":2,"numerator":100}' } },
        ],
      },
      logprobs: null,
      finish_reason: "tool_calls",
    });
  });

  it("keeps thoughts in reasoning_content and answers a blocked prompt as content_filter", () => {
    const thinking: GenerateContentAnswer = {
      candidates: [{ index: 0, content: { role: "model", parts: [{ text: "Hmm.", thought: true }, { text: "Yes." }] }, finishReason: "STOP" }],
    };
    const message = parseGeminiResponse(JSON.stringify(thinking), ctx).completion.choices[0]!.message;
    expect(message).toEqual({ role: "assistant", content: "Yes.", refusal: null, reasoning_content: "Hmm." });

    const blocked: GenerateContentAnswer = { promptFeedback: { blockReason: "PROHIBITED_CONTENT" }, usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 } };
    const { completion } = parseGeminiResponse(JSON.stringify(blocked), ctx);
    expectCompletion(completion);
    expect(completion.choices).toEqual([{ index: 0, message: { role: "assistant", content: null, refusal: null }, logprobs: null, finish_reason: "content_filter" }]);
  });

  it.each(["<html>", "[]"])("answers a 502 for a malformed body %j", (body) => {
    expect(() => parseGeminiResponse(body, ctx)).toThrow(expect.objectContaining({ status: 502, code: "bad_upstream_response" }));
  });
});

describe("Gemini errors", () => {
  it("keeps the 429 of the recorded quota error and its retry delay, rounded up to whole seconds", () => {
    const error = googleError(429, fixture("errors/gemini-429-retry-info.json"), {});
    expectError(error.toBody());
    expect(error.status).toBe(429);
    expect(error.toBody()).toEqual({
      error: { message: "You exceeded your current quota, please check your plan.", type: "rate_limit_error", param: null, code: "resource_exhausted" },
    });
    expect(error.headers).toEqual({ "retry-after": "35", "retry-after-ms": "34400" });
  });

  it("prefers the upstream's own retry-after header and quotes a body that is not Google's JSON", () => {
    expect(googleError(429, fixture("errors/gemini-429-retry-info.json"), { "retry-after": "60" }).headers).toEqual({
      "retry-after": "60",
      "retry-after-ms": "34400",
    });
    const plain = googleError(502, "Bad Gateway", {});
    expect(plain.message).toBe("The upstream provider answered HTTP 502: Bad Gateway");
    expect(plain.headers).toBeUndefined();
  });
});

describe("thought signatures in tool-call ids", () => {
  it("round-trips the recorded signature through an id made of [A-Za-z0-9_-] only", () => {
    const signature = recordedThoughtSignature();
    const id = toolCallId(signature);
    expect(id).toMatch(/^call_[0-9A-Za-z]{24}_[A-Za-z0-9_-]+$/);
    expect(thoughtSignatureOf(id)).toBe(signature);
  });

  it("finds none in plain ids or ids of other providers", () => {
    expect(thoughtSignatureOf(toolCallId(undefined))).toBeUndefined();
    expect(thoughtSignatureOf("toolu_01NRLabsLyVHZPKxbKvkfSMn")).toBeUndefined();
    expect(thoughtSignatureOf("call_4XzlGBLtUe9dy3GVNV4jhq7h")).toBeUndefined();
  });
});

describe("JSON Schema → Gemini schema", () => {
  const param = "tools[0].function.parameters";

  it("keeps what Gemini takes, drops what it refuses, and inlines local references", () => {
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      additionalProperties: false,
      $defs: { unit: { type: "string", enum: ["celsius", "fahrenheit"], description: "Unit" } },
      properties: {
        city: { type: "string", minLength: 1, format: "uri", description: "City" },
        unit: { $ref: "#/$defs/unit" },
        days: { type: ["integer", "null"], minimum: 1, maximum: 14, format: "int32" },
        when: { type: "string", format: "date-time" },
        tags: { type: "array", items: { type: "string" }, maxItems: 5, uniqueItems: true },
        mode: { const: "fast" },
        either: { oneOf: [{ type: "string" }, { type: "number" }] },
      },
      required: ["city", "ghost"],
    };
    expect(toGeminiSchema(schema, { param })).toEqual({
      type: "OBJECT",
      properties: {
        city: { type: "STRING", minLength: "1", description: "City" },
        unit: { type: "STRING", enum: ["celsius", "fahrenheit"], description: "Unit" },
        days: { type: "INTEGER", nullable: true, minimum: 1, maximum: 14, format: "int32" },
        when: { type: "STRING", format: "date-time" },
        tags: { type: "ARRAY", items: { type: "STRING" }, maxItems: "5" },
        mode: { enum: ["fast"] },
        either: { anyOf: [{ type: "STRING" }, { type: "NUMBER" }] },
      },
      required: ["city"],
    });
  });

  it("merges allOf, splits multi-type lists into anyOf and keeps property order for answers", () => {
    const schema = {
      allOf: [{ type: "object", properties: { a: { type: "string" } }, required: ["a"] }, { properties: { b: { type: ["string", "number"] } } }],
    };
    expect(toGeminiSchema(schema, { param, keepPropertyOrder: true })).toEqual({
      type: "OBJECT",
      properties: { a: { type: "STRING" }, b: { anyOf: [{ type: "STRING" }, { type: "NUMBER" }] } },
      required: ["a"],
      propertyOrdering: ["a", "b"],
    });
  });

  it.each([
    [{ $ref: "https://example.com/schema.json" }, /cannot follow/],
    [{ $ref: "#/$defs/missing" }, /points nowhere/],
    [{ $defs: { node: { type: "object", properties: { next: { $ref: "#/$defs/node" } } } }, $ref: "#/$defs/node" }, /recursive/],
  ])("answers 400 for %j", (schema, message) => {
    expect(() => toGeminiSchema(schema, { param })).toThrow(expect.objectContaining({ status: 400, param, message: expect.stringMatching(message) }));
  });
});
