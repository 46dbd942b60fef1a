import { describe, expect, it } from "vitest";
import { googleError } from "../../src/providers/gemini/errors.js";
import { parseGeminiResponse } from "../../src/providers/gemini/response.js";
import { toGeminiJsonSchema } from "../../src/providers/gemini/schema.js";
import { thoughtSignatureOf, toolCallId } from "../../src/providers/gemini/tool-call-id.js";
import type { GenerateContentAnswer } from "../../src/providers/gemini/wire.js";
import { fixture } from "../helpers/mock-upstream.js";
import { translationContext } from "../helpers/native-replay.js";
import { expectCompletion, expectError } from "../helpers/openai-schema.js";
import { recordedSegments, recordedThoughtSignature } from "../helpers/gemini-recordings.js";

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
          {
            id: expect.stringMatching(/^call_[0-9A-Za-z]{24}$/),
            type: "function",
            function: { name: "customDivide", arguments: '{"denominator":2,"numerator":100}' },
          },
        ],
      },
      logprobs: null,
      finish_reason: "tool_calls",
    });
  });

  it("keeps thoughts in reasoning_content and answers a blocked prompt as content_filter", () => {
    const thinking: GenerateContentAnswer = {
      candidates: [
        { index: 0, content: { role: "model", parts: [{ text: "Hmm.", thought: true }, { text: "Yes." }] }, finishReason: "STOP" },
      ],
    };
    const message = parseGeminiResponse(JSON.stringify(thinking), ctx).completion.choices[0]!.message;
    expect(message).toEqual({ role: "assistant", content: "Yes.", refusal: null, reasoning_content: "Hmm." });

    const blocked: GenerateContentAnswer = {
      promptFeedback: { blockReason: "PROHIBITED_CONTENT" },
      usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 },
    };
    const { completion } = parseGeminiResponse(JSON.stringify(blocked), ctx);
    expectCompletion(completion);
    expect(completion.choices).toEqual([
      { index: 0, message: { role: "assistant", content: null, refusal: null }, logprobs: null, finish_reason: "content_filter" },
    ]);
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
      error: {
        message: "You exceeded your current quota, please check your plan.",
        type: "rate_limit_error",
        param: null,
        code: "resource_exhausted",
      },
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

describe("JSON Schema → Gemini's JSON Schema fields", () => {
  const param = "tools[0].function.parameters";
  const convert = (schema: Record<string, unknown>, keepPropertyOrder = false) => toGeminiJsonSchema(schema, { param, keepPropertyOrder });

  it("keeps the keywords Gemini documents, leaves the others out, and keeps $defs references", () => {
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      additionalProperties: false,
      $defs: { unit: { type: "string", enum: ["celsius", "fahrenheit"], description: "Unit" } },
      properties: {
        city: { type: "string", minLength: 1, format: "uri", description: "City" },
        unit: { $ref: "#/$defs/unit", title: "Unit", description: "Which unit", default: "celsius" },
        days: { type: ["integer", "null"], minimum: 1, maximum: 14, format: "int32", exclusiveMaximum: 15 },
        when: { type: "string", format: "date-time" },
        tags: { type: "array", items: { type: "string" }, maxItems: 5, uniqueItems: true },
        mode: { const: "fast" },
        either: { oneOf: [{ type: "string" }, { type: "number" }] },
      },
      required: ["city", "ghost"],
    };
    expect(convert(schema)).toEqual({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      additionalProperties: false,
      $defs: { unit: { type: "string", enum: ["celsius", "fahrenheit"], description: "Unit" } },
      properties: {
        city: { type: "string", description: "City" },
        // Beside $ref Gemini takes only description and default.
        unit: { $ref: "#/$defs/unit", description: "Which unit", default: "celsius" },
        days: { type: ["integer", "null"], minimum: 1, maximum: 14, format: "int32" },
        when: { type: "string", format: "date-time" },
        tags: { type: "array", items: { type: "string" }, maxItems: 5 },
        mode: { enum: ["fast"] },
        either: { oneOf: [{ type: "string" }, { type: "number" }] },
      },
      required: ["city"],
    });
  });

  it("merges allOf, splits multi-type lists into anyOf and keeps property order for answers", () => {
    const schema = {
      allOf: [
        { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
        { properties: { b: { type: ["string", "number"], description: "B" } } },
      ],
    };
    expect(convert(schema, true)).toEqual({
      type: "object",
      properties: { a: { type: "string" }, b: { anyOf: [{ type: "string" }, { type: "number" }], description: "B" } },
      required: ["a"],
      propertyOrdering: ["a", "b"],
    });
  });

  it.each([
    [
      "a map (additionalProperties without properties)",
      { type: "object", additionalProperties: { type: "string" } },
      { type: "object", additionalProperties: { type: "string" } },
    ],
    ["an array without items", { type: "array" }, { type: "array" }],
    ["an integer const", { type: "integer", const: 3 }, { type: "integer", enum: [3] }],
    ["a boolean const, which Gemini's enum cannot hold", { type: "boolean", const: true }, { type: "boolean" }],
    [
      "an enum with null",
      { type: ["string", "null"], enum: ["a", "b", null] },
      { anyOf: [{ type: "string", enum: ["a", "b"] }, { type: "null" }] },
    ],
    [
      "a draft-07 tuple",
      { type: "array", items: [{ type: "string" }, { type: "number" }] },
      { type: "array", prefixItems: [{ type: "string" }, { type: "number" }] },
    ],
    ["a true schema", { type: "object", properties: { any: true } }, { type: "object", properties: { any: {} } }],
  ])("keeps the meaning of %s", (_label, schema, expected) => {
    expect(convert({ type: "object", properties: { x: schema } })).toEqual({ type: "object", properties: { x: expected } });
  });

  it("moves draft-07 definitions to $defs and inlines references Gemini cannot follow", () => {
    const schema = {
      type: "object",
      definitions: { Tag: { type: "string", description: "A tag" } },
      properties: {
        tag: { $ref: "#/definitions/Tag" },
        headers: { type: "object", additionalProperties: { type: "string" } },
        more: { type: "array", items: { $ref: "#/properties/headers" } },
        legacy: { allOf: [{ $ref: "#/definitions/Tag" }], description: "Old tag" },
      },
    };
    expect(convert(schema)).toEqual({
      type: "object",
      $defs: { Tag: { type: "string", description: "A tag" } },
      properties: {
        tag: { $ref: "#/$defs/Tag" },
        headers: { type: "object", additionalProperties: { type: "string" } },
        more: { type: "array", items: { type: "object", additionalProperties: { type: "string" } } },
        legacy: { $ref: "#/$defs/Tag", description: "Old tag" },
      },
    });
  });

  it("leaves recursion through $defs to Gemini, which unrolls it, and inlines a root reference", () => {
    const node = { type: "object", properties: { value: { type: "number" }, next: { $ref: "#/$defs/node" } } };
    expect(convert({ $defs: { node }, $ref: "#/$defs/node" })).toEqual({ ...node, $defs: { node } });
  });

  it.each([
    ["an outside reference", { $ref: "https://example.com/schema.json" }, /cannot follow/],
    ["a reference to nothing", { $ref: "#/$defs/missing" }, /points nowhere/],
    [
      "a definition that is only itself",
      { type: "object", properties: { a: { $ref: "#/$defs/A" } }, $defs: { A: { $ref: "#/$defs/A" } } },
      /only to itself/,
    ],
    [
      "two definitions that are only each other",
      { type: "object", properties: { a: { $ref: "#/$defs/A" } }, $defs: { A: { $ref: "#/$defs/B" }, B: { $ref: "#/$defs/A" } } },
      /only to itself/,
    ],
    [
      "a definition that is all of itself",
      { type: "object", properties: { a: { $ref: "#/$defs/A" } }, $defs: { A: { allOf: [{ $ref: "#/$defs/A" }] } } },
      /only to itself/,
    ],
    [
      "a merge of itself",
      { $defs: { A: { allOf: [{ $ref: "#/$defs/A" }, { properties: { b: { type: "string" } } }] } }, $ref: "#/$defs/A" },
      /recursive/,
    ],
    ["recursion outside $defs", { type: "object", properties: { a: { type: "array", items: { $ref: "#/properties/a" } } } }, /recursive/],
    ["a schema nested past any sense", nested(200), /deeper than/],
  ])("answers 400 for %s", (_label, schema, message) => {
    expect(() => convert(schema)).toThrow(expect.objectContaining({ status: 400, param, message: expect.stringMatching(message) }));
  });
});

function nested(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: "string" };
  for (let i = 0; i < depth; i++) schema = { type: "array", items: schema };
  return schema;
}
