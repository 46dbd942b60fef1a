import { invalidRequest } from "../../errors.js";
import type { GeminiSchema, SchemaType } from "./wire.js";

type JsonSchema = Record<string, unknown>;

const TYPES: Record<string, SchemaType> = {
  string: "STRING",
  number: "NUMBER",
  integer: "INTEGER",
  boolean: "BOOLEAN",
  array: "ARRAY",
  object: "OBJECT",
  null: "NULL",
};

/** The only `format`s Gemini accepts, per type; others are refused, so they are left out. */
const FORMATS: Partial<Record<SchemaType, readonly string[]>> = {
  STRING: ["enum", "date-time"],
  NUMBER: ["float", "double"],
  INTEGER: ["int32", "int64"],
};

/** Past this depth a schema is assumed to recurse without end through its references. */
const MAX_DEPTH = 32;

export interface SchemaOptions {
  /** The request field the schema came from, for the 400 of a schema Gemini cannot take. */
  param: string;
  /** Keep the client's property order in the answer (Gemini otherwise orders keys alphabetically). */
  keepPropertyOrder?: boolean;
}

/**
 * JSON Schema → the OpenAPI subset Gemini's `Schema` accepts: local `$ref`s inlined, type lists
 * turned into `nullable` or `anyOf`, `const` into a one-value enum, `allOf` merged; keywords
 * Gemini refuses (`additionalProperties`, `$schema`, `$defs`, unknown formats, …) left out.
 */
export function toGeminiSchema(schema: JsonSchema, options: SchemaOptions): GeminiSchema {
  return convert(schema, { root: schema, options, depth: 0 });
}

interface Walk {
  root: JsonSchema;
  options: SchemaOptions;
  depth: number;
}

function convert(input: JsonSchema, walk: Walk): GeminiSchema {
  if (walk.depth > MAX_DEPTH) {
    throw invalidRequest(`Invalid '${walk.options.param}': Gemini cannot take a recursive or deeper than ${MAX_DEPTH} levels schema.`, walk.options.param, "invalid_value");
  }
  const next: Walk = { ...walk, depth: walk.depth + 1 };
  const schema = mergeAllOf(resolveRef(input, walk), next);

  const out: GeminiSchema = {};
  const types = typeList(schema.type);
  const nullable = types.includes("null") && types.length > 1;
  const concrete = types.filter((type) => !nullable || type !== "null");
  if (concrete.length > 1) {
    out.anyOf = concrete.map((type) => convert({ ...schema, type }, next));
    if (nullable) out.nullable = true;
    copyText(schema, out);
    return out;
  }
  const type = concrete[0] !== undefined ? TYPES[concrete[0]] : undefined;
  if (type) out.type = type;
  if (nullable) out.nullable = true;
  copyText(schema, out);

  const format = schema.format;
  if (typeof format === "string" && type && FORMATS[type]?.includes(format)) out.format = format;
  if (schema.const !== undefined) out.enum = [String(schema.const)];
  else if (Array.isArray(schema.enum) && schema.enum.every((value) => typeof value === "string")) out.enum = schema.enum as string[];
  if (typeof schema.pattern === "string") out.pattern = schema.pattern;
  for (const key of ["minimum", "maximum"] as const) if (typeof schema[key] === "number") out[key] = schema[key] as number;
  for (const key of ["minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties"] as const) {
    if (typeof schema[key] === "number") out[key] = String(schema[key]);
  }

  const variants = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (variants) out.anyOf = variants.map((variant) => convert(asSchema(variant), next));

  if (schema.items !== undefined) {
    const items = Array.isArray(schema.items) ? { anyOf: schema.items } : asSchema(schema.items);
    out.items = convert(items, next);
  }

  if (isObject(schema.properties)) {
    const names = Object.keys(schema.properties);
    if (names.length > 0) {
      out.properties = {};
      for (const name of names) out.properties[name] = convert(asSchema(schema.properties[name]), next);
      if (Array.isArray(schema.required)) {
        const required = schema.required.filter((name): name is string => typeof name === "string" && names.includes(name));
        if (required.length > 0) out.required = required;
      }
      if (walk.options.keepPropertyOrder) out.propertyOrdering = names;
    }
  }
  return out;
}

function copyText(schema: JsonSchema, out: GeminiSchema): void {
  if (typeof schema.title === "string") out.title = schema.title;
  if (typeof schema.description === "string") out.description = schema.description;
}

function typeList(type: unknown): string[] {
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type.filter((entry): entry is string => typeof entry === "string");
  return [];
}

/** Follows local references (`#/$defs/X`, `#/definitions/X`); siblings of `$ref` are kept. */
function resolveRef(schema: JsonSchema, walk: Walk): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  if (!ref.startsWith("#/")) {
    throw invalidRequest(`Invalid '${walk.options.param}': Gemini cannot follow the schema reference '${ref}'.`, walk.options.param, "invalid_value");
  }
  let target: unknown = walk.root;
  for (const segment of ref.slice(2).split("/")) {
    const key = segment.replace(/~1/g, "/").replace(/~0/g, "~");
    target = isObject(target) ? target[key] : undefined;
  }
  if (!isObject(target)) {
    throw invalidRequest(`Invalid '${walk.options.param}': the schema reference '${ref}' points nowhere.`, walk.options.param, "invalid_value");
  }
  const { $ref: _ref, ...siblings } = schema;
  return resolveRef({ ...target, ...siblings }, { ...walk, depth: walk.depth + 1 });
}

/** `allOf` parts are merged into one schema: their properties and required lists joined. */
function mergeAllOf(schema: JsonSchema, walk: Walk): JsonSchema {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...rest } = schema;
  let merged: JsonSchema = rest;
  for (const part of allOf as unknown[]) {
    const resolved = mergeAllOf(resolveRef(asSchema(part), walk), walk);
    merged = {
      ...resolved,
      ...merged,
      properties: { ...(isObject(merged.properties) ? merged.properties : {}), ...(isObject(resolved.properties) ? resolved.properties : {}) },
      required: [...(Array.isArray(merged.required) ? merged.required : []), ...(Array.isArray(resolved.required) ? resolved.required : [])],
    };
  }
  return merged;
}

function asSchema(value: unknown): JsonSchema {
  return isObject(value) ? value : {};
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
