import type { Readable } from "node:stream";

function ignore(): void {}

/**
 * Releases a response body we will not read (any more). undici reports the destruction as an
 * 'error' event, which must find a listener or it would crash the process.
 */
export function discard(body: Readable): void {
  body.on("error", ignore);
  body.destroy();
}
