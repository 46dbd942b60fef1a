import { boolean, list, optional, section, string } from "../config/validate.js";

/** `admin:`: how the admin API (behind `auth.master_key`) tells its own callers from cross-site ones. */
export interface AdminConfig {
  /**
   * Host names the admin API answers under, besides IP addresses and `localhost` (which a
   * rebinding DNS name can never be). `*.example.com` covers subdomains.
   */
  allowed_hosts: string[];
  /** Behind a load balancer: the client address (for the wrong-key slowdown) is the last X-Forwarded-For hop. */
  trust_proxy: boolean;
}

export const adminConfig = section({
  allowed_hosts: optional(
    list(string({ nonEmpty: true, pattern: /^(\*\.)?[A-Za-z0-9.-]+$/, patternHint: "must be a host name, or *.domain" })),
    [],
  ),
  trust_proxy: optional(boolean(), false),
});
