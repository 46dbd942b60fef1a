import { isIP } from "node:net";
import { ProxyError } from "../errors.js";

/** What a browser tells of where a request comes from, by lower-case header name. */
export type RequestHeader = (name: string) => string | null;

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** A header no cross-site form can send: an alternative to the JSON content type for bodiless calls. */
export const ADMIN_HEADER = "x-llm-proxy-admin";

/**
 * Refuses what a browser sends on behalf of another site: the admin API sends no CORS headers
 * (so a cross-origin script cannot read an answer), and this keeps the requests themselves out.
 * - `Host` must be an IP address, `localhost`, or an allowed host name: a DNS name an attacker
 *   rebinds to this address carries the attacker's name (DNS rebinding).
 * - `Origin`, when a browser sends one, must be this very host; `Sec-Fetch-Site: cross-site` is refused.
 * - A change (POST, PUT, PATCH, DELETE) must say `content-type: application/json` or carry
 *   `x-llm-proxy-admin`, which an HTML form cannot, and a script only after a preflight that fails.
 */
export function refuseCrossSite(method: string, header: RequestHeader, allowedHosts: readonly string[]): void {
  const host = header("host");
  if (!host || !hostAllowed(host, allowedHosts)) {
    throw new ProxyError(
      403,
      `The admin API does not answer for host '${host ?? ""}': add it to admin.allowed_hosts, or call it by IP address or localhost.`,
      { type: "permission_error", code: "host_not_allowed" },
    );
  }
  const origin = header("origin");
  if (origin !== null && originHost(origin) !== host.toLowerCase()) {
    throw new ProxyError(403, `The admin API refuses requests from pages of another origin (${origin}).`, {
      type: "permission_error",
      code: "cross_origin_refused",
    });
  }
  if (header("sec-fetch-site") === "cross-site") {
    throw new ProxyError(403, "The admin API refuses cross-site requests.", { type: "permission_error", code: "cross_origin_refused" });
  }
  if (MUTATING.has(method) && !isJson(header("content-type")) && header(ADMIN_HEADER) === null) {
    throw new ProxyError(415, `Changes through the admin API need content-type: application/json (or an ${ADMIN_HEADER} header).`, {
      type: "invalid_request_error",
      code: "unsupported_media_type",
    });
  }
}

export function hostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  const name = hostName(host.toLowerCase());
  if (isIP(name) !== 0 || name === "localhost" || name.endsWith(".localhost")) return true;
  return allowedHosts.some((allowed) => {
    const pattern = allowed.toLowerCase();
    return pattern.startsWith("*.") ? name.endsWith(pattern.slice(1)) : name === pattern;
  });
}

/** `[::1]:8787` → `::1`, `example.com:443` → `example.com`. */
function hostName(host: string): string {
  if (host.startsWith("[")) return host.slice(1, host.indexOf("]"));
  const colon = host.lastIndexOf(":");
  return colon === -1 || host.indexOf(":") !== colon ? host : host.slice(0, colon);
}

/** An Origin's `host[:port]` as a Host header would say it; "" for `null` or garbage, which match no host. */
function originHost(origin: string): string {
  return URL.parse(origin)?.host.toLowerCase() ?? "";
}

function isJson(contentType: string | null): boolean {
  return contentType?.split(";")[0]?.trim().toLowerCase() === "application/json";
}
