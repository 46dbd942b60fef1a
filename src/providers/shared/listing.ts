import type { ProxyError } from "../../errors.js";
import type { FetchUpstream, ProviderConfig, Timeouts, UpstreamHeaders } from "../types.js";
import { upstreamHeaders } from "./headers.js";
import { parseUpstreamObject } from "./upstream-json.js";

const LISTING_TIMEOUT_MS = 10_000;

/** Model listings must not hold /v1/models hostage to a slow upstream: cap them at 10 s. */
export function listingTimeouts(provider: ProviderConfig): Timeouts {
  const cap = (ms: number) => Math.min(ms, LISTING_TIMEOUT_MS);
  return {
    connect_ms: cap(provider.timeouts.connect_ms),
    first_byte_ms: cap(provider.timeouts.first_byte_ms),
    idle_ms: cap(provider.timeouts.idle_ms),
  };
}

/** `GET` a provider's model listing as a JSON object; an error answer is thrown as the provider's error. */
export async function fetchListing(
  provider: ProviderConfig,
  fetch: FetchUpstream,
  path: string,
  parseError: (status: number, body: string, headers: UpstreamHeaders) => ProxyError,
): Promise<Record<string, unknown>> {
  const { status, headers, text } = await fetch(
    { method: "GET", url: `${provider.base_url}${path}`, headers: upstreamHeaders(provider, "application/json", false), response: "json" },
    listingTimeouts(provider),
  );
  if (status >= 400) throw parseError(status, text, headers);
  return parseUpstreamObject(text, "model list");
}
