/**
 * A refusal of the admin API, in OpenAI's error shape: `param` names the offending field
 * (`base_url`, `options.thinking_budgets.high`), which the forms show the message beside.
 */
export class ApiError extends Error {
  override name = "ApiError";

  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly type: string | null = null,
  ) {
    super(message);
  }
}

/** The error an answer's body describes; a body that is not OpenAI's shape still gives a readable message. */
export function errorFromBody(status: number, text: string): ApiError {
  const described = errorFromObject(status, parseJson(text));
  if (described) return described;
  return new ApiError(status, text.trim() ? `HTTP ${status}: ${text.trim().slice(0, 200)}` : `HTTP ${status}`);
}

/** An `{"error": {...}}` object (a whole body, or one NDJSON line) as an ApiError; undefined for anything else. */
export function errorFromObject(status: number, value: unknown): ApiError | undefined {
  const error = (value as { error?: unknown } | null)?.error;
  if (!error || typeof error !== "object") return undefined;
  const { message, param, code, type } = error as Record<string, unknown>;
  if (typeof message !== "string") return undefined;
  return new ApiError(status, message, stringOrNull(param), stringOrNull(code), stringOrNull(type));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
