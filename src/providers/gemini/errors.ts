import { ProxyError, defaultTypeForStatus } from "../../errors.js";
import { plainTextMessage, retryHeaders } from "../shared/error-body.js";
import type { UpstreamHeaders } from "../types.js";
import type { GoogleErrorBody } from "./wire.js";

const RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";

/**
 * Google's `{"error":{"code","message","status","details"}}` → OpenAI's shape with the same HTTP
 * status; `status` (e.g. RESOURCE_EXHAUSTED) becomes the code, lower-cased as OpenAI's codes
 * are. The retry delay of a 429 (`RetryInfo.retryDelay`, "34.4s") becomes `retry-after` in whole
 * seconds, rounded up, and `retry-after-ms`, unless the upstream sent those headers itself.
 */
export function geminiError(status: number, body: string, headers: UpstreamHeaders): ProxyError {
  const error = parseGoogleError(body);
  const retry = { ...retryDelayHeaders(error?.details), ...retryHeaders(headers) };
  const options = { headers: Object.keys(retry).length > 0 ? retry : undefined };
  if (!error?.message) return new ProxyError(status, plainTextMessage(status, body), options);
  return new ProxyError(status, error.message, {
    ...options,
    type: defaultTypeForStatus(status),
    code: typeof error.status === "string" ? error.status.toLowerCase() : null,
  });
}

/** An error object inside a stream (after HTTP 200): its status comes from its own `code`. */
export function geminiStreamError(data: string): ProxyError {
  const code = parseGoogleError(data)?.code;
  return geminiError(typeof code === "number" && code >= 400 && code <= 599 ? code : 502, data, {});
}

function parseGoogleError(text: string): GoogleErrorBody["error"] | undefined {
  try {
    const error = (JSON.parse(text) as GoogleErrorBody | null)?.error;
    return typeof error === "object" && error !== null ? error : undefined;
  } catch {
    return undefined;
  }
}

function retryDelayHeaders(details: NonNullable<GoogleErrorBody["error"]>["details"]): Record<string, string> {
  const delay = Array.isArray(details) ? details.find((detail) => detail?.["@type"] === RETRY_INFO)?.retryDelay : undefined;
  const seconds = typeof delay === "string" ? /^(\d+(?:\.\d+)?)s$/.exec(delay.trim())?.[1] : undefined;
  if (seconds === undefined) return {};
  const ms = Math.round(Number(seconds) * 1000);
  return { "retry-after": String(Math.ceil(ms / 1000)), "retry-after-ms": String(ms) };
}
