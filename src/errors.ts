/**
 * Every failure a client sees is OpenAI's error shape:
 * `{"error":{"message","type","param","code"}}` with a fitting HTTP status.
 * Code anywhere in the request path throws a `ProxyError`; the HTTP layer turns it
 * into bytes once (see http/respond.ts).
 */

export type OpenAIErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "server_error"
  | "upstream_error"
  | "timeout_error"
  | (string & {});

export interface OpenAIErrorBody {
  error: {
    message: string;
    type: OpenAIErrorType;
    param: string | null;
    code: string | null;
  };
}

/**
 * What the attempt loop may do after a failed upstream attempt, decided where the error is made:
 * try the same target again (`retry`: a 429, a 5xx, a reset, a stream cut before its first
 * content), move on to the next target without retrying this one (`next`: 401/403/404 — that
 * deployment's problem, not the client's), or give up and answer the client (`none`).
 */
export type Recovery = "retry" | "next" | "none";

export interface ProxyErrorOptions {
  type?: OpenAIErrorType;
  param?: string | null;
  code?: string | null;
  /** Extra response headers that belong to this error (e.g. `retry-after`). */
  headers?: Record<string, string>;
  recovery?: Recovery;
}

export class ProxyError extends Error {
  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Record<string, string> | undefined;
  readonly recovery: Recovery;

  constructor(status: number, message: string, options: ProxyErrorOptions = {}) {
    super(message);
    this.name = "ProxyError";
    this.status = status;
    this.type = options.type ?? defaultTypeForStatus(status);
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.headers = options.headers;
    this.recovery = options.recovery ?? "none";
  }

  /** The same error with another recovery (the attempt that saw it knows better than the code that made it). */
  withRecovery(recovery: Recovery): ProxyError {
    if (recovery === this.recovery) return this;
    return new ProxyError(this.status, this.message, {
      type: this.type,
      param: this.param,
      code: this.code,
      headers: this.headers,
      recovery,
    });
  }

  /** The same error with `text` replaced in its message (an upstream that quoted a secret). */
  withoutText(text: string, replacement: string): ProxyError {
    if (!text || !this.message.includes(text)) return this;
    const options = { type: this.type, param: this.param, code: this.code, headers: this.headers, recovery: this.recovery };
    return new ProxyError(this.status, this.message.split(text).join(replacement), options);
  }

  toBody(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function defaultTypeForStatus(status: number): OpenAIErrorType {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_error";
  if (status === 504) return "timeout_error";
  if (status === 502) return "upstream_error";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): ProxyError {
  return new ProxyError(400, message, { type: "invalid_request_error", param, code });
}

/** Anything that is not a ProxyError is a bug of ours: the client learns nothing of its internals. */
export function toProxyError(error: unknown): ProxyError {
  if (error instanceof ProxyError) return error;
  return new ProxyError(500, "The proxy failed to handle this request.", { type: "server_error", code: "internal_error" });
}
