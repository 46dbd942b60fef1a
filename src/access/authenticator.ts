import { ProxyError } from "../errors.js";
import type { AuthConfig } from "./config.js";
import { KeyTable } from "./key-table.js";
import { MASTER_NAME, principalOf, type Principal } from "./principal.js";
import { hashKey, maskPresentedKey } from "./secrets.js";

/** A request's header by lower-case name: Node's `req.headers` and h3's `Headers` both give one. */
export type HeaderReader = (name: string) => string | undefined;

/**
 * Who is asking, from `Authorization: Bearer KEY` (the OpenAI SDKs), `x-api-key` (Anthropic's
 * clients) or `api-key` (Azure's): the master key, a key of the config, or a virtual key of the
 * state store. One authenticator serves the pipeline and the h3 routes alike. The config's keys are
 * hashed once per config; nothing is read from a database per request.
 */
export class Authenticator {
  private readonly configTables = new WeakMap<AuthConfig, KeyTable>();

  constructor(
    private readonly virtualKeys: () => KeyTable,
    private readonly onRefusal: (reason: "missing_key" | "invalid_key") => void,
  ) {}

  /** Throws the 401 OpenAI would answer. */
  authenticate(auth: AuthConfig, header: HeaderReader): Principal {
    const presented = presentedKey(header);
    if (presented === undefined) {
      this.onRefusal("missing_key");
      throw missingKey();
    }
    const hash = hashKey(presented);
    const principal = this.configTable(auth).find(hash) ?? this.virtualKeys().find(hash);
    if (principal) return principal;
    this.onRefusal("invalid_key");
    throw invalidKey(presented);
  }

  private configTable(auth: AuthConfig): KeyTable {
    let table = this.configTables.get(auth);
    if (!table) {
      const entries = auth.keys.map((entry) => ({
        hash: hashKey(entry.key),
        principal: principalOf(`config:${entry.name}`, entry.name, entry),
      }));
      if (auth.master_key !== undefined)
        entries.push({ hash: hashKey(auth.master_key), principal: principalOf("master", MASTER_NAME, undefined) });
      table = new KeyTable(entries);
      this.configTables.set(auth, table);
    }
    return table;
  }
}

/** The key a request presents, from the first of the headers that carries one. */
export function presentedKey(header: HeaderReader): string | undefined {
  const authorization = header("authorization");
  // The scheme is case-insensitive (RFC 9110); compared without a regular expression on every request.
  if (authorization !== undefined && authorization.length > 7 && authorization.slice(0, 7).toLowerCase() === "bearer ") {
    const key = authorization.slice(7).trim();
    if (key) return key;
  }
  return header("x-api-key")?.trim() || header("api-key")?.trim() || undefined;
}

/** OpenAI's answer to a request without a key. */
export function missingKey(): ProxyError {
  return new ProxyError(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or in an x-api-key or api-key header.",
    { type: "invalid_request_error" },
  );
}

function invalidKey(presented: string): ProxyError {
  return new ProxyError(
    401,
    `Incorrect API key provided: ${maskPresentedKey(presented)}. Ask this proxy's administrator for a valid key.`,
    {
      type: "invalid_request_error",
      code: "invalid_api_key",
    },
  );
}
