import type { ProviderConfig } from "../../config/schema.js";

/** The headers of an upstream call: the provider's own, what we accept and send, and its key as a bearer token. */
export function upstreamHeaders(provider: ProviderConfig, accept: string, sendsJson: boolean): Record<string, string> {
  const headers: Record<string, string> = { ...provider.headers, accept };
  if (sendsJson) headers["content-type"] = "application/json";
  if (provider.api_key) headers.authorization = `Bearer ${provider.api_key}`;
  return headers;
}
