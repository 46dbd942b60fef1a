import { describe, expect, it } from "vitest";
import { toGeminiJsonSchema } from "../../../src/providers/gemini/schema.js";

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
