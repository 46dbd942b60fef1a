import { ProxyError, defaultTypeForStatus } from "../../errors.js";
import { openAIStyleError, retryHeaders } from "../shared/error-body.js";
import type { UpstreamHeaders } from "../types.js";

interface ValidationDetail {
  loc?: unknown[];
  msg?: unknown;
}

/**
 * Mistral's error bodies → OpenAI's shape. Most are OpenAI-like
 * (`{"object":"error","message":"…","type":…,"code":"3280"}`), but request validation failures
 * carry the message as a list of field errors (`message.detail[]` or `detail[]`, each with a
 * `loc` path and a `msg`), which become one readable sentence naming each field.
 */
export function mistralError(status: number, body: string, headers: UpstreamHeaders): ProxyError {
  let parsed: Record<string, unknown> | undefined;
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) parsed = value as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  const details = parsed && validationDetails(parsed);
  if (!parsed || !details) return openAIStyleError(status, body, headers);
  const message = details.map(describeDetail).join("; ");
  return new ProxyError(status, message || `Mistral refused the request (HTTP ${status}).`, {
    type: typeof parsed.type === "string" ? parsed.type : defaultTypeForStatus(status),
    param: typeof parsed.param === "string" ? parsed.param : null,
    code: typeof parsed.code === "string" || typeof parsed.code === "number" ? String(parsed.code) : null,
    headers: retryHeaders(headers),
  });
}

function validationDetails(body: Record<string, unknown>): ValidationDetail[] | undefined {
  const message = body.message;
  const candidates = [
    typeof message === "object" && message !== null && !Array.isArray(message) ? (message as { detail?: unknown }).detail : undefined,
    message,
    body.detail,
  ];
  for (const candidate of candidates) {
    if (Array.isArray(candidate) && candidate.length > 0 && candidate.every((item) => typeof item === "object" && item !== null)) {
      return candidate as ValidationDetail[];
    }
  }
  return undefined;
}

/** `{"loc":["body","messages",0,"user","name"],"msg":"Extra inputs are not permitted"}` → `messages.0.user.name: Extra inputs are not permitted`. */
function describeDetail(detail: ValidationDetail): string {
  const path = Array.isArray(detail.loc) ? detail.loc.filter((part, index) => !(index === 0 && part === "body")).join(".") : "";
  const text = typeof detail.msg === "string" ? detail.msg : "invalid value";
  return path ? `${path}: ${text}` : text;
}
