import type { ProviderConfig, Timeouts } from "../../config/schema.js";

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
