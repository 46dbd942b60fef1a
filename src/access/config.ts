import {
  ConfigError,
  boolean,
  joinPath,
  list,
  number,
  object,
  oneOf,
  optional,
  section,
  string,
  type Optional,
} from "../config/validate.js";

export const BUDGET_PERIODS = ["day", "week", "month", "total"] as const;
/** Calendar periods in UTC (weeks start on Monday); `total` never resets. */
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** What one key may do; every limit is optional. */
export interface KeyRules {
  /** Globs on the requested model name; undefined: every model. */
  models: string[] | undefined;
  rpm: number | undefined;
  tpm: number | undefined;
  /** Requests of this key being served at once. */
  max_parallel: number | undefined;
  budget_usd: number | undefined;
  budget_period: BudgetPeriod;
}

export interface ConfiguredKey extends KeyRules {
  name: string;
  key: string;
}

/** `auth:`; absent from the config, the proxy is open. */
export interface AuthConfig {
  /** Every model, no limits of its own (the admin API's key). */
  master_key: string | undefined;
  keys: ConfiguredKey[];
  /** Whether `GET /metrics` asks for a key too. */
  protect_metrics: boolean;
}

/** `limits:`: every request together, whoever sends it, plus how limits behave. */
export interface LimitsConfig {
  rpm: number | undefined;
  rph: number | undefined;
  tpm: number | undefined;
  /** Redis unreachable: serve unlimited (true) or answer 503 (false). */
  fail_open: boolean;
  /** Output tokens a TPM limit reserves for a request that names no `max_tokens`. */
  default_output_tokens: number;
}

const count = () => optional(number({ min: 1, integer: true }));

/** What a key may be called, in the config and in the state store alike (it names the key in metrics). */
export const keyName = string({
  nonEmpty: true,
  pattern: /^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/,
  patternHint: "must be letters, digits and _ . : @ -",
});

/** A key's limits and budget, every one optional: the config's keys and the admin API's validate them alike. */
export const keyRulesShape = {
  models: optional(list(string({ nonEmpty: true }))),
  rpm: count(),
  tpm: count(),
  max_parallel: count(),
  budget_usd: optional(number({ min: 0 })),
  budget_period: optional(oneOf(...BUDGET_PERIODS)),
};

const keyShape = object({ name: keyName, key: string({ nonEmpty: true }), ...keyRulesShape });

const authShape = object({
  master_key: optional(string({ nonEmpty: true })),
  keys: optional(list(keyShape), []),
  protect_metrics: optional(boolean(), false),
});

/** `auth:` present (even empty: keys may live in the state store) turns authentication on; absent leaves the proxy open. */
export const authConfig: Optional<AuthConfig | undefined> = {
  optional: true,
  validate(value, path) {
    if (value === undefined) return undefined;
    const raw = authShape(value ?? {}, path);
    const keys = raw.keys.map((entry, index) => {
      const keyPath = joinPath(joinPath(path, "keys"), index);
      if (entry.budget_period !== undefined && entry.budget_usd === undefined)
        throw new ConfigError(joinPath(keyPath, "budget_period"), "needs budget_usd");
      return { ...entry, budget_period: entry.budget_period ?? "month" };
    });
    checkDistinct(path, raw.master_key, keys);
    return { master_key: raw.master_key, keys, protect_metrics: raw.protect_metrics };
  },
};

/** Two entries with one secret could not be told apart, and two with one name would share their limits' counters. */
function checkDistinct(path: string, masterKey: string | undefined, keys: ConfiguredKey[]): void {
  const secrets = new Set(masterKey === undefined ? [] : [masterKey]);
  const names = new Set<string>();
  keys.forEach((entry, index) => {
    const keyPath = joinPath(joinPath(path, "keys"), index);
    if (secrets.has(entry.key)) throw new ConfigError(joinPath(keyPath, "key"), "is the same secret as another key");
    if (names.has(entry.name)) throw new ConfigError(joinPath(keyPath, "name"), `is used by another key: ${JSON.stringify(entry.name)}`);
    secrets.add(entry.key);
    names.add(entry.name);
  });
}

export const limitsConfig = section({
  rpm: count(),
  rph: count(),
  tpm: count(),
  fail_open: optional(boolean(), true),
  default_output_tokens: optional(number({ min: 1, integer: true }), 4096),
});

/** Whether any key of the config has a budget: its spend must then be kept in the state store. */
export function hasBudgets(auth: AuthConfig | undefined): boolean {
  return auth?.keys.some((entry) => entry.budget_usd !== undefined) ?? false;
}

/** Whether `limits:` sets any limit for everyone together. */
export function hasLimits(limits: LimitsConfig): boolean {
  return limits.rpm !== undefined || limits.rph !== undefined || limits.tpm !== undefined;
}
