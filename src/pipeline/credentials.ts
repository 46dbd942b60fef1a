import type { AuthScheme, ProviderConfig, UpstreamCall } from "../providers/types.js";

/**
 * The credentials step: the provider's API key, in the form its API takes, on a call a translation
 * built. The one place a provider key is put on the wire. A header the config sets under the
 * same name gives way to the key, as the key is what the provider is configured with.
 */
export function withCredentials(call: UpstreamCall, provider: ProviderConfig, scheme: AuthScheme): UpstreamCall {
  const key = provider.api_key;
  if (!key) return call;
  switch (scheme) {
    case "bearer":
      call.headers.authorization = `Bearer ${key}`;
      break;
    case "x-api-key":
      call.headers["x-api-key"] = key;
      break;
    case "x-goog-api-key":
      call.headers["x-goog-api-key"] = key;
      break;
    case "none":
      break;
  }
  return call;
}
