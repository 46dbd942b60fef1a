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

/** The upstream body ended before the answer did (no finish, no end marker). */
export function incompleteStream(): ProxyError {
  return new ProxyError(502, "The upstream stream ended before the answer was complete.", {
    type: "upstream_error",
    code: "upstream_stream_incomplete",
  });
}
