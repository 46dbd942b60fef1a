import type { H3Event } from "h3";
import type { Exchange } from "../pipeline/types.js";

/**
 * Whose stored responses a request may read and will write: the API key that made it, by its
 * principal's stable id (`master`, `config:NAME`, `vk:ID`: the same on every replica and after a
 * restart). Undefined while the proxy is open (no `auth`): every response is then everyone's.
 */
export function ownerOf(exchange: Exchange): string | undefined {
  return exchange.principal?.id;
}

/** The same for the stored-response routes (`GET`/`DELETE /v1/responses/{id}`), which h3's middleware authenticated. */
export function ownerOfRoute(event: H3Event): string | undefined {
  return event.context.principal?.id;
}
