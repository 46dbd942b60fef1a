import { getRouterParam, type H3Event } from "h3";
import { ConfigError } from "../config/validate.js";
import { invalidRequest, ProxyError } from "../errors.js";
import { parseJsonBody } from "../http/read-body.js";
import { isPlainObject } from "../lib/is-plain-object.js";

/** Admin bodies are small (a provider, a key); anything larger is not one. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The JSON object a request sent; `{}` for an empty body (the routes whose fields are all optional take none). */
export async function readJsonObject(event: H3Event): Promise<Record<string, unknown>> {
  const declared = Number(event.req.headers.get("content-length"));
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const raw = Buffer.from(await event.req.arrayBuffer());
  if (raw.length > MAX_BODY_BYTES) throw tooLarge();
  if (raw.length === 0) return {};
  const body = parseJsonBody(raw);
  if (!isPlainObject(body)) throw invalidRequest("The request body must be a JSON object.");
  return body;
}

/** Refuses fields a route does not take, naming the first: a typo must not be silently ignored. */
export function onlyFields(body: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key))
      throw invalidRequest(`Unknown field '${key}' (expected one of: ${allowed.join(", ")}).`, key, "unknown_field");
  }
}

/** A path parameter, decoded. */
export function pathParam(event: H3Event, name: string): string {
  return decodeURIComponent(getRouterParam(event, name) ?? "");
}

/** A config validator's refusal as the 400 naming the field (its path below the body). */
export function fieldError(error: unknown): unknown {
  if (!(error instanceof ConfigError)) return error;
  return invalidRequest(error.message, error.path || null, "invalid_value");
}

export function notFound(message: string, param: string | null = null): ProxyError {
  return new ProxyError(404, message, { type: "invalid_request_error", param, code: "not_found" });
}

export function conflict(message: string, param: string | null = null): ProxyError {
  return new ProxyError(409, message, { type: "invalid_request_error", param, code: "conflict" });
}

/** The routes that write need somewhere to write to. */
export function noStateStore(): ProxyError {
  return new ProxyError(
    409,
    "This proxy has no state store, so nothing made through the admin API could be kept: set state.url (for example sqlite:./data/llm-proxy.db) and restart.",
    { type: "invalid_request_error", code: "no_state_store" },
  );
}

function tooLarge(): ProxyError {
  return new ProxyError(413, `Admin request bodies are limited to ${MAX_BODY_BYTES} bytes.`, {
    type: "invalid_request_error",
    code: "request_too_large",
  });
}
