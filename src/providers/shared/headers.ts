import type { ProviderConfig } from "../types.js";

/** The headers of an upstream call: the provider's own, and what we accept and send (the key is added by the credentials step). */
export function upstreamHeaders(provider: ProviderConfig, accept: string, sendsJson: boolean): Record<string, string> {
  const headers: Record<string, string> = { ...provider.headers, accept };
  if (sendsJson) headers["content-type"] = "application/json";
  return headers;
}
