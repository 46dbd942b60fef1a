import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
export const SPEC_FILE = join(here, "../../spec/openai-openapi.yaml");
const CACHE_DIR = join(here, "../../node_modules/.cache/llm-proxy");

/** The schemas our output must satisfy, and what they reference. */
export const ROOT_SCHEMAS = [
  "CreateChatCompletionResponse",
  "CreateChatCompletionStreamResponse",
  "CreateEmbeddingResponse",
  "ErrorResponse",
  "ListModelsResponse",
  "Model",
  "Response",
  "ResponseStreamEvent",
  "ResponseItemList",
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * OpenAPI 3.0's `nullable: true` (which this 3.1 spec still uses in places) → JSON Schema's
 * `anyOf [..., {type: "null"}]`; `#/components/schemas/X` refs stay as they are.
 */
export function translateNullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(translateNullable);
  if (node === null || typeof node !== "object") return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable") continue;
    out[key] = translateNullable(value);
  }
  return node.nullable === true ? { anyOf: [out, { type: "null" }] } : out;
}

function collectRefs(node: Json, into: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, into);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") into.add(value.replace("#/components/schemas/", ""));
      else collectRefs(value, into);
    }
  }
}

/** Extracts ROOT_SCHEMAS and their transitive references, translated, from the spec. */
export function extractSchemas(specText: string): Record<string, Json> {
  const spec = parse(specText) as { components: { schemas: Record<string, Json> } };
  const all = spec.components.schemas;
  const wanted = new Set<string>(ROOT_SCHEMAS);
  const done: Record<string, Json> = {};
  while (wanted.size > 0) {
    const [name] = wanted;
    wanted.delete(name!);
    if (name! in done) continue;
    const schema = all[name!];
    if (schema === undefined) throw new Error(`spec has no schema ${name}`);
    done[name!] = translateNullable(schema);
    const refs = new Set<string>();
    collectRefs(schema, refs);
    for (const ref of refs) if (!(ref in done)) wanted.add(ref);
  }
  return done;
}

/** Parsing the 87k-line spec takes a second; do it once per spec version and set of roots, and keep the result. */
export function cachedSchemas(): Record<string, Json> {
  const text = readFileSync(SPEC_FILE, "utf8");
  // The schemas wanted are part of the key: a cache made for fewer roots would lack the new ones.
  const digest = createHash("sha256").update(text).update(ROOT_SCHEMAS.join(",")).digest("hex").slice(0, 16);
  const file = join(CACHE_DIR, `openai-schemas-${digest}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const schemas = extractSchemas(text);
  mkdirSync(CACHE_DIR, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(schemas));
  renameSync(temp, file);
  return schemas;
}
