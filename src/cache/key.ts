import { createHash } from "node:crypto";

/**
 * Fields of a chat request that change how an answer is delivered or recorded, never what it
 * says. Everything else (messages, sampling, tools, response_format, unknown fields…) is part of
 * the key.
 */
const DELIVERY_ONLY = new Set(["model", "stream", "stream_options", "user", "safety_identifier", "prompt_cache_key", "metadata", "store"]);

/** Bump when the stored format changes, so old entries are never read as new ones. */
const FORMAT_VERSION = "1";

/**
 * The cache key of a request: a hash of the provider it was routed to, the upstream model, and
 * every parameter that changes the answer (all but `deliveryOnly`), with object keys in a
 * canonical order (clients do not agree on key order). Requests of different endpoints never
 * share a key: each has a required field the others lack (`messages`, `input`).
 */
export function cacheKey(
  provider: string,
  upstreamModel: string,
  request: Readonly<Record<string, unknown>>,
  deliveryOnly: ReadonlySet<string> = DELIVERY_ONLY,
): string {
  const parts: string[] = [];
  for (const key of Object.keys(request).sort()) {
    if (deliveryOnly.has(key)) continue;
    const value = request[key];
    // OpenAI reads null as "not set": both ask the same question.
    if (value === undefined || value === null) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(value)}`);
  }
  return createHash("sha256")
    .update(`${FORMAT_VERSION}\n${provider}\n${upstreamModel}\n{${parts.join(",")}}`)
    .digest("hex");
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) entries.push(`${JSON.stringify(key)}:${canonicalJson(item)}`);
  }
  return `{${entries.join(",")}}`;
}
