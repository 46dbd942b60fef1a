import { missingKey, presentedKey, type HeaderReader } from "../access/authenticator.js";
import type { AuthConfig } from "../access/config.js";
import { KeyTable } from "../access/key-table.js";
import { MASTER_NAME, principalOf, type Principal } from "../access/principal.js";
import { hashKey, maskPresentedKey } from "../access/secrets.js";
import { ProxyError } from "../errors.js";
import type { WrongKeyThrottle } from "./wrong-key-throttle.js";

const MASTER = principalOf("master", MASTER_NAME, undefined);

/**
 * The admin API takes the master key (`auth.master_key`) and nothing else. Wrong keys slow their
 * sender down (WrongKeyThrottle); without a master key in the config the admin API is off.
 */
export class MasterKeyGate {
  private readonly tables = new WeakMap<AuthConfig, KeyTable>();

  constructor(private readonly throttle: WrongKeyThrottle) {}

  /** The master principal, or the 401/403/429 to answer. */
  admit(auth: AuthConfig | undefined, header: HeaderReader, address: string): Principal {
    if (auth?.master_key === undefined) {
      throw new ProxyError(403, "The admin API is off: set auth.master_key in the config to use it.", {
        type: "permission_error",
        code: "admin_disabled",
      });
    }
    const waitMs = this.throttle.waitMs(address);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new ProxyError(429, `Too many wrong master keys from this address. Try again in ${seconds}s.`, {
        type: "rate_limit_error",
        code: "too_many_wrong_keys",
        headers: { "retry-after": String(seconds) },
      });
    }
    const presented = presentedKey(header);
    if (presented === undefined) throw missingKey();
    if (this.tableFor(auth, auth.master_key).find(hashKey(presented))) {
      this.throttle.succeeded(address);
      return MASTER;
    }
    this.throttle.failed(address);
    throw new ProxyError(401, `Incorrect API key provided: ${maskPresentedKey(presented)}. The admin API takes the proxy's master key.`, {
      type: "invalid_request_error",
      code: "invalid_api_key",
    });
  }

  private tableFor(auth: AuthConfig, masterKey: string): KeyTable {
    let table = this.tables.get(auth);
    if (!table) this.tables.set(auth, (table = new KeyTable([{ hash: hashKey(masterKey), principal: MASTER }])));
    return table;
  }
}
