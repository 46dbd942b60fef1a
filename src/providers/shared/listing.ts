import type { ProviderConfig, Timeouts } from "../../config/schema.js";
import type { ProxyError } from "../../errors.js";
import { readText, type UpstreamClient } from "../../upstream/client.js";
import type { UpstreamHeaders } from "./error-body.js";
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
  client: UpstreamClient,
  path: string,
  parseError: (status: number, body: string, headers: UpstreamHeaders) => ProxyError,
): Promise<Record<string, unknown>> {
  const response = await client.send(
    { method: "GET", url: `${provider.base_url}${path}`, headers: upstreamHeaders(provider, "application/json", false), response: "json" },
    listingTimeouts(provider),
  );
  const text = await readText(response.body);
  if (response.status >= 400) throw parseError(response.status, text, response.headers);
  return parseUpstreamObject(text, "model list");
}
