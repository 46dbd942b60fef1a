import { invalidRequest } from "../../errors.js";

type JsonSchema = Record<string, unknown>;

/**
 * Keywords Gemini documents for its JSON Schema fields, copied as they are. The others it
 * supports (`$ref`, `$defs`, `enum`, `format`, the subschemas) are handled below; any keyword
 * outside the list is left out, since Gemini supports no other and may refuse what it does not know.
 */
const KEPT = [
  "$schema",
  "$id",
  "$anchor",
  "title",
  "description",
  "default",
  "type",
  "minItems",
  "maxItems",
  "minimum",
  "maximum",
] as const;

/** The `format`s Gemini takes, per type; others are left out. */
const FORMATS: Readonly<Record<string, readonly string[]>> = {
  string: ["date-time", "date", "time"],
  number: ["float", "double"],
  integer: ["int32", "int64"],
};

/** Past this depth a schema is refused rather than walked: no client means one so deep. */
const MAX_DEPTH = 64;

export interface SchemaOptions {
  /** The request field the schema came from, for the 400 of a schema Gemini cannot take. */
  param: string;
  /** Name each object's property order (`propertyOrdering`), which Gemini 2.0 needs to keep it in answers. */
  keepPropertyOrder?: boolean;
}

interface Walk {
  root: JsonSchema;
  options: SchemaOptions;
  /** The references being inlined on the current path: meeting one again means recursion. */
  inlining: Set<string>;
}

/**
 * A client's JSON Schema → the JSON Schema Gemini's `parametersJsonSchema` and
 * `responseJsonSchema` take (all current models): maps, nullable types and recursion through
 * `$defs` keep their meaning. What Gemini documents as unsupported is rewritten: `allOf` merged,
 * `const` as a one-value enum, `null` in an enum and multi-type lists as `anyOf`, draft-07
 * `definitions` and tuples as `$defs` and `prefixItems`, siblings of a `$ref` cut to the
 * description and default it allows, references outside `$defs` inlined. Outside references,
 * recursion outside `$defs` and definitions that are nothing but themselves are a 400.
 */
export function toGeminiJsonSchema(schema: JsonSchema, options: SchemaOptions): JsonSchema {
  const walk: Walk = { root: schema, options, inlining: new Set() };
  const definitions = { ...asObject(schema.definitions), ...asObject(schema.$defs) };
  const root = typeof schema.$ref === "string" ? reference(schema, walk, 0, true) : convert(schema, walk, 0);
  const names = Object.keys(definitions);
  if (names.length === 0) return root;
  const defs: Record<string, JsonSchema> = {};
  for (const name of names) defs[name] = convert(definitions[name], walk, 1);
  for (const name of names) refuseSelfDefinition(name, defs, walk);
  return { ...root, $defs: defs };
}

function convert(input: unknown, walk: Walk, depth: number): JsonSchema {
  if (depth > MAX_DEPTH) throw refusal(walk, `Gemini cannot take a schema nested deeper than ${MAX_DEPTH} levels`);
  // `true` (anything goes) and entries that are no schema at all say nothing Gemini could use.
  if (!isObject(input)) return {};
  if (typeof input.$ref === "string") return reference(input, walk, depth, false);
  if (Array.isArray(input.allOf)) return convert(mergeAllOf(input, walk, depth), walk, depth + 1);

  const types = typeList(input.type);
  const concrete = types.filter((type) => type !== "null");
  const { title: _title, description: _description, ...rest } = input;
  if (concrete.length > 1) {
    const variants = concrete.map((type) => convert({ ...rest, type }, walk, depth + 1));
    if (concrete.length < types.length) variants.push({ type: "null" });
    return withText({ anyOf: variants }, input);
  }
  if (Array.isArray(input.enum) && input.enum.includes(null)) {
    const values = input.enum.filter((value) => value !== null);
    const single = concrete[0] === undefined ? {} : { type: concrete[0] };
    const { type: _type, ...untyped } = rest;
    const variants = values.length > 0 ? [convert({ ...untyped, ...single, enum: values }, walk, depth + 1)] : [];
    return withText(variants.length > 0 ? { anyOf: [...variants, { type: "null" }] } : { type: "null" }, input);
  }

  const out: JsonSchema = {};
  for (const key of KEPT) if (input[key] !== undefined) out[key] = input[key];
  const format = input.format;
  if (typeof format === "string" && types.some((type) => FORMATS[type]?.includes(format))) out.format = format;
  const values = input.const !== undefined ? [input.const] : input.enum;
  if (Array.isArray(values) && values.length > 0 && values.every(isEnumValue)) out.enum = values;

  const properties = asObject(input.properties);
  if (isObject(input.properties)) out.properties = mapValues(properties, (value) => convert(value, walk, depth + 1));
  const names = Object.keys(properties);
  if (Array.isArray(input.required)) {
    const required = input.required.filter((name): name is string => typeof name === "string" && names.includes(name));
    if (required.length > 0) out.required = required;
  }
  if (isStringList(input.propertyOrdering)) out.propertyOrdering = input.propertyOrdering;
  else if (walk.options.keepPropertyOrder && names.length > 0) out.propertyOrdering = names;
  if (isObject(input.additionalProperties)) out.additionalProperties = convert(input.additionalProperties, walk, depth + 1);
  else if (typeof input.additionalProperties === "boolean") out.additionalProperties = input.additionalProperties;

  // Draft-07 tuples list their items in `items`; Gemini takes them as `prefixItems`.
  const tuple = Array.isArray(input.items) ? input.items : input.prefixItems;
  if (Array.isArray(tuple)) out.prefixItems = tuple.map((item) => convert(item, walk, depth + 1));
  if (input.items !== undefined && !Array.isArray(input.items)) out.items = convert(input.items, walk, depth + 1);
  for (const key of ["anyOf", "oneOf"] as const) {
    const variants = input[key];
    if (Array.isArray(variants)) out[key] = variants.map((variant) => convert(variant, walk, depth + 1));
  }
  return out;
}

/**
 * A `$ref` into `$defs` (or draft-07 `definitions`) stays a reference, which Gemini follows and
 * unrolls when it recurses; it takes only a description and a default beside it. Any other local
 * reference is inlined, with its siblings, and recursion through one is refused.
 */
function reference(schema: JsonSchema, walk: Walk, depth: number, inline: boolean): JsonSchema {
  const ref = schema.$ref as string;
  const target = resolve(ref, walk);
  const { $ref: _ref, ...siblings } = schema;
  const name = definitionName(ref);
  if (name !== undefined && !inline) {
    const out: JsonSchema = { $ref: `#/$defs/${name.replace(/~/g, "~0").replace(/\//g, "~1")}` };
    if (siblings.description !== undefined) out.description = siblings.description;
    if (siblings.default !== undefined) out.default = siblings.default;
    return out;
  }
  if (walk.inlining.has(ref)) throw refusal(walk, `the schema reference '${ref}' is recursive, which Gemini follows only through $defs`);
  walk.inlining.add(ref);
  const inlined = convert({ ...target, ...siblings }, walk, depth + 1);
  walk.inlining.delete(ref);
  return inlined;
}

/**
 * `allOf` parts merged into one schema: their properties and required lists joined, other keywords
 * taken from the schema itself first. A lone reference (how Pydantic v1 adds a description to a
 * referenced model) stays a reference.
 */
function mergeAllOf(schema: JsonSchema, walk: Walk, depth: number): JsonSchema {
  if (depth > MAX_DEPTH) throw refusal(walk, `Gemini cannot take a schema nested deeper than ${MAX_DEPTH} levels`);
  const { allOf, ...rest } = schema;
  const parts = allOf as unknown[];
  const lone = parts.length === 1 && isObject(parts[0]) ? parts[0] : undefined;
  if (lone && typeof lone.$ref === "string" && Object.keys(lone).length === 1) return { ...rest, $ref: lone.$ref };

  let merged: JsonSchema = rest;
  for (const part of parts) {
    const ref = isObject(part) && typeof part.$ref === "string" ? part.$ref : undefined;
    if (ref !== undefined) {
      if (walk.inlining.has(ref))
        throw refusal(walk, `the schema reference '${ref}' is recursive, which Gemini follows only through $defs`);
      walk.inlining.add(ref);
    }
    let resolved = ref !== undefined ? { ...resolve(ref, walk), ...omit(part as JsonSchema, "$ref") } : asObject(part);
    if (Array.isArray(resolved.allOf)) resolved = mergeAllOf(resolved, walk, depth + 1);
    if (ref !== undefined) walk.inlining.delete(ref);
    const properties = { ...asObject(merged.properties), ...asObject(resolved.properties) };
    const required = [
      ...(Array.isArray(merged.required) ? merged.required : []),
      ...(Array.isArray(resolved.required) ? resolved.required : []),
    ];
    merged = { ...resolved, ...merged };
    if (Object.keys(properties).length > 0) merged.properties = properties;
    if (required.length > 0) merged.required = required;
  }
  return merged;
}

/** The local schema a reference points at; a reference Gemini cannot follow is a 400. */
function resolve(ref: string, walk: Walk): JsonSchema {
  if (!ref.startsWith("#")) throw refusal(walk, `Gemini cannot follow the schema reference '${ref}'`);
  let target: unknown = walk.root;
  for (const segment of ref.slice(1).split("/").slice(1)) {
    const key = segment.replace(/~1/g, "/").replace(/~0/g, "~");
    target = isObject(target) ? target[key] : undefined;
  }
  if (!isObject(target)) throw refusal(walk, `the schema reference '${ref}' points nowhere`);
  return target;
}

/** `X` of `#/$defs/X` or `#/definitions/X`; undefined for any other reference. */
function definitionName(ref: unknown): string | undefined {
  const match = typeof ref === "string" ? /^#\/(?:\$defs|definitions)\/([^/]+)$/.exec(ref) : null;
  return match ? match[1]!.replace(/~1/g, "/").replace(/~0/g, "~") : undefined;
}

/** A definition that is only a reference to itself, directly or round other such definitions, describes nothing. */
function refuseSelfDefinition(name: string, defs: Record<string, JsonSchema>, walk: Walk): void {
  const seen = new Set<string>();
  for (let current: string | undefined = name; current !== undefined; current = definitionName(defs[current]?.$ref)) {
    if (seen.has(current)) throw refusal(walk, `the schema reference '#/$defs/${name}' leads only to itself`);
    seen.add(current);
  }
}

function refusal(walk: Walk, reason: string) {
  return invalidRequest(`Invalid '${walk.options.param}': ${reason}.`, walk.options.param, "invalid_value");
}

function withText(out: JsonSchema, schema: JsonSchema): JsonSchema {
  if (typeof schema.title === "string") out.title = schema.title;
  if (typeof schema.description === "string") out.description = schema.description;
  return out;
}

function typeList(type: unknown): string[] {
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type.filter((entry): entry is string => typeof entry === "string");
  return [];
}

/** Gemini's enums hold strings and numbers. */
function isEnumValue(value: unknown): boolean {
  return typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === "string");
}

function mapValues(object: JsonSchema, map: (value: unknown) => JsonSchema): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [key, value] of Object.entries(object)) out[key] = map(value);
  return out;
}

function omit(schema: JsonSchema, key: string): JsonSchema {
  const { [key]: _omitted, ...rest } = schema;
  return rest;
}

function asObject(value: unknown): JsonSchema {
  return isObject(value) ? value : {};
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
