import { ProxyError, type OpenAIErrorType } from "../../errors.js";
import { plainTextMessage, retryHeaders } from "../shared/error-body.js";
import type { UpstreamHeaders } from "../types.js";
import type { ErrorType } from "./wire.js";

/** Anthropic's error types and the HTTP status each is sent with (529 is Anthropic's own "overloaded"). */
const STATUS_OF_TYPE: Partial<Record<ErrorType, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 503,
  timeout_error: 504,
};

const OPENAI_TYPE: Partial<Record<ErrorType, OpenAIErrorType>> = {
  invalid_request_error: "invalid_request_error",
  authentication_error: "authentication_error",
  permission_error: "permission_error",
  not_found_error: "not_found_error",
  rate_limit_error: "rate_limit_error",
  timeout_error: "timeout_error",
  api_error: "server_error",
  overloaded_error: "server_error",
};

/**
 * An Anthropic error answer (`{"type":"error","error":{"type","message"}}`) → OpenAI's shape with
 * the same status, except 529 (overloaded), which no OpenAI client knows: it becomes 503.
 * Anthropic's error type is kept as the `code`.
 */
export function anthropicError(status: number, body: string, headers: UpstreamHeaders): ProxyError {
  const clientStatus = status === 529 ? 503 : status;
  const error = parseErrorObject(body);
  if (!error) return new ProxyError(clientStatus, plainTextMessage(status, body), { headers: retryHeaders(headers) });
  return new ProxyError(clientStatus, error.message, {
    type: OPENAI_TYPE[error.type as ErrorType],
    code: error.type,
    headers: retryHeaders(headers),
  });
}

/** An `event: error` in a stream, which arrives after HTTP 200: its status comes from its type. */
export function anthropicStreamError(data: string): ProxyError {
  const error = parseErrorObject(data);
  if (!error)
    return new ProxyError(502, "The upstream provider sent a malformed error event.", {
      type: "upstream_error",
      code: "bad_upstream_response",
    });
  const status = STATUS_OF_TYPE[error.type as ErrorType] ?? 502;
  return new ProxyError(status, error.message, { type: OPENAI_TYPE[error.type as ErrorType], code: error.type });
}

function parseErrorObject(text: string): { type: string; message: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const error = (parsed as { error?: { type?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.message !== "string") return undefined;
  return { type: typeof error.type === "string" ? error.type : "api_error", message: error.message };
}
