import type { Recovery } from "../errors.js";
import type { UpstreamHeaders } from "../providers/types.js";

/**
 * What an upstream's error status allows: 408, 409, 429 and every 5xx (Anthropic's 529 included)
 * are worth another try; 401, 403 and 404 say this deployment cannot serve the request (a bad key,
 * a model it does not have), so the next target may; any other 4xx is the client's to fix.
 */
export function recoveryForStatus(status: number): Recovery {
  if (status === 408 || status === 409 || status === 429 || status >= 500) return "retry";
  if (status === 401 || status === 403 || status === 404) return "next";
  return "none";
}

/**
 * The status's recovery, unless the upstream says otherwise: `x-should-retry: false` (OpenAI's and
 * Anthropic's own hint) or OpenAI's `insufficient_quota` (a 429 that no wait ends: the account's
 * credit is spent) mean another try at that deployment cannot help, though another deployment may.
 */
export function recoveryForResponse(status: number, headers: UpstreamHeaders, code: string | null): Recovery {
  const recovery = recoveryForStatus(status);
  if (recovery !== "retry") return recovery;
  return headers["x-should-retry"] === "false" || code === "insufficient_quota" ? "next" : recovery;
}
