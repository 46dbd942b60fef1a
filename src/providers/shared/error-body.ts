import { ProxyError, defaultTypeForStatus } from "../../errors.js";
import type { UpstreamHeaders } from "../types.js";

const MAX_TEXT_IN_MESSAGE = 500;

/** The upstream's retry hint, kept for the client (`retry-after` / `retry-after-ms`). */
export function retryHeaders(headers: UpstreamHeaders): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const name of ["retry-after", "retry-after-ms"]) {
    const value = headers[name];
    if (typeof value === "string" && value) out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function asString(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return null;
}

/**
 * An error body in OpenAI's shape or close to it (OpenAI, Groq, DeepSeek, OpenRouter, vLLM,
 * LM Studio, DashScope's compatible mode) → ProxyError with the same status. Missing fields are
 * filled; a non-JSON body becomes a message that quotes its start.
 */
export function openAIStyleError(status: number, body: string, headers: UpstreamHeaders): ProxyError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const source = (parsed as { error?: unknown } | undefined)?.error ?? parsed;
  const options = { headers: retryHeaders(headers) };

  if (typeof source === "string" && source) return new ProxyError(status, source, options);
  if (typeof source === "object" && source !== null) {
    const error = source as Record<string, unknown>;
    const message = asString(error.message) ?? asString(error.msg) ?? asString(error.detail);
    if (message) {
      return new ProxyError(status, message, {
        ...options,
        type: asString(error.type) ?? defaultTypeForStatus(status),
        param: asString(error.param),
        code: asString(error.code),
      });
    }
  }
  return new ProxyError(status, plainTextMessage(status, body), options);
}

export function plainTextMessage(status: number, body: string): string {
  const text = body.trim();
  if (!text) return `The upstream provider answered HTTP ${status} with no details.`;
  const excerpt = text.length > MAX_TEXT_IN_MESSAGE ? `${text.slice(0, MAX_TEXT_IN_MESSAGE)}…` : text;
  return `The upstream provider answered HTTP ${status}: ${excerpt}`;
}
