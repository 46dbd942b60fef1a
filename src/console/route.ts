import { defineHandler, type EventHandler, type H3 } from "h3";
import { ProxyError } from "../errors.js";
import type { ConsoleAsset, ConsoleAssets } from "./assets.js";
import { preferredEncoding } from "./accept-encoding.js";

/**
 * The console talks only to its own origin (`/admin/`), loads nothing from elsewhere and keeps the
 * master key in the page: no inline script or style, no framing, no form posted away, no plugin.
 */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
};

const IMMUTABLE = "public, max-age=31536000, immutable";
// The page and unhashed files: kept, but checked against their ETag on every use.
const REVALIDATE = "no-cache";

/** Mounts the web console at `/ui/`: its built files (undefined: not built), and the page for every view path. */
export function useConsole(server: H3, assets: ConsoleAssets | undefined): void {
  const route = consoleRoute(assets);
  server.get("/ui", route);
  server.get("/ui/**", route);
}

function consoleRoute(assets: ConsoleAssets | undefined): EventHandler {
  return defineHandler((event) => {
    // The router takes /ui and /ui/ for one route; the page's URLs need the slash.
    if (event.url.pathname === "/ui") return new Response(null, { status: 308, headers: { location: `/ui/${event.url.search}` } });
    if (!assets) {
      throw new ProxyError(404, "The web console is not built: `npm run build` writes it to dist/ui/.", {
        type: "invalid_request_error",
        code: "console_not_built",
      });
    }
    const name = event.url.pathname.slice("/ui/".length);
    const asset = assets.find(name) ?? (isViewPath(name) ? assets.index : undefined);
    if (!asset) {
      throw new ProxyError(404, `The console has no file ${event.url.pathname}.`, { type: "invalid_request_error", code: "unknown_url" });
    }
    return respond(asset, event.req.headers);
  });
}

/** `providers`, `keys/`: a view of the console, which the page routes itself; anything with an extension is a file. */
function isViewPath(name: string): boolean {
  const last = name.slice(name.lastIndexOf("/") + 1);
  return !last.includes(".");
}

function respond(asset: ConsoleAsset, request: Headers): Response {
  const headers = new Headers(CONSOLE_SECURITY_HEADERS);
  headers.set("content-type", asset.type);
  headers.set("cache-control", asset.immutable ? IMMUTABLE : REVALIDATE);
  headers.set("etag", asset.etag);
  headers.set("vary", "accept-encoding");
  if (matchesEtag(request.get("if-none-match"), asset.etag)) return new Response(null, { status: 304, headers });
  const encoding = preferredEncoding(request.get("accept-encoding"), { br: asset.br !== undefined, gzip: asset.gzip !== undefined });
  const body = encoding === "br" ? asset.br! : encoding === "gzip" ? asset.gzip! : asset.body;
  if (encoding) headers.set("content-encoding", encoding);
  headers.set("content-length", String(body.byteLength));
  return new Response(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), { status: 200, headers });
}

function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
