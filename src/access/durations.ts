/** A duration as OpenAI writes it in rate-limit messages and `x-ratelimit-reset-*`: `120ms`, `1.5s`, `6m0s`, `1h2m3s`. */
export function openAIDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const seconds = Math.ceil(ms) / 1000;
  if (seconds < 60) return `${trim(seconds)}s`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = trim(seconds % 60);
  return hours > 0 ? `${hours}h${minutes}m${rest}s` : `${minutes}m${rest}s`;
}

function trim(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}

/** `retry-after` takes whole seconds: rounded up, at least 1. */
export function retryAfterSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}
