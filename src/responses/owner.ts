import type { H3Event } from "h3";
import type { Exchange } from "../pipeline/types.js";

/**
 * Whose stored responses a request may read and will write: the API key that made it. The proxy
 * has no API keys yet (the access layer adds them, and names the key on the exchange), so every
 * response belongs to no one, which is every client's while the proxy is open.
 */
export function ownerOf(_exchange: Exchange): string | undefined {
  return undefined;
}

/** The same for the stored-response routes (`GET`/`DELETE /v1/responses/{id}`). */
export function ownerOfRoute(_event: H3Event): string | undefined {
  return undefined;
}
