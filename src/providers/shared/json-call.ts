import type { ProviderConfig, UpstreamCall } from "../types.js";
import { upstreamHeaders } from "./headers.js";

/** A `POST` of a JSON body answered with JSON, with the provider's headers (the key is added by the credentials step). */
export function jsonCall(provider: ProviderConfig, url: string, body: object): UpstreamCall {
  return {
    method: "POST",
    url,
    headers: upstreamHeaders(provider, "application/json", true),
    body: JSON.stringify(body),
    response: "json",
  };
}
