import { ProxyError } from "../../errors.js";

/** Upstream answered 2xx with something that is not the JSON it promised. */
export function malformedUpstream(what = "response"): ProxyError {
  return new ProxyError(502, `The upstream provider sent a malformed ${what}.`, { type: "upstream_error", code: "bad_upstream_response" });
}

/** Parses an upstream JSON object; anything else is a 502, never a crash. */
export function parseUpstreamObject(text: string, what = "response"): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformedUpstream(what);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw malformedUpstream(what);
  return value as Record<string, unknown>;
}

/** The upstream stream ended cleanly but before the answer was complete. */
export function incompleteStream(): ProxyError {
  return new ProxyError(502, "The upstream stream ended before the answer was complete.", {
    type: "upstream_error",
    code: "upstream_stream_incomplete",
  });
}

/** Parses one upstream stream event's JSON object; anything else is a 502, never a crash. */
export function parseStreamEvent(data: string): Record<string, unknown> {
  return parseUpstreamObject(data, "stream event");
}

/** An optional list of objects in an upstream answer (tool calls, choices); [] when absent, a 502 when garbled. */
export function upstreamObjects<T extends object>(value: unknown, what: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))) {
    throw malformedUpstream(what);
  }
  return value as T[];
}
