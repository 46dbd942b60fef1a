import type { RetryConfig } from "./config.js";

/** Jitter takes up to this share off a backoff, so that clients failed together do not retry together. */
const JITTER = 0.25;

/**
 * The wait before retry number `retry` (1 for the first): `backoff_ms` doubling with each retry
 * (1 s, 2 s, 4 s), capped at `max_backoff_ms`, then up to a quarter less at random.
 */
export function backoffDelay(retry: number, config: Pick<RetryConfig, "backoff_ms" | "max_backoff_ms">, random = Math.random): number {
  const nominal = Math.min(config.backoff_ms * 2 ** (retry - 1), config.max_backoff_ms);
  return Math.round(nominal * (1 - JITTER * random()));
}

/**
 * How long an upstream asked to be left alone, in ms: `retry-after-ms` (OpenAI's, and what
 * Gemini's RetryInfo becomes), else `retry-after` in seconds or as an HTTP date. Undefined when
 * neither says anything usable.
 */
export function retryAfterMs(headers: Readonly<Record<string, string>> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers["retry-after-ms"];
  if (ms !== undefined) {
    const value = Number(ms);
    if (ms.trim() !== "" && Number.isFinite(value)) return Math.max(0, Math.round(value));
  }
  const after = headers["retry-after"]?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Math.round(Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
