import type { ColumnType } from "kysely";

/**
 * The state store's tables, as Kysely sees them. A feature that needs a table adds its interface
 * here, a migration in migrations.ts, and a repository module beside this one (see virtual-keys.ts).
 */
export interface StateTables {
  virtual_keys: VirtualKeyRow;
  spend: SpendRow;
  providers: StoredProviderRow;
  provider_overrides: ProviderOverrideRow;
  usage: UsageRow;
  responses: ResponseRow;
  response_items: ResponseItemRow;
}

/** PostgreSQL's bigint arrives as a string (it can exceed a JS number); SQLite's as a number. */
type BigCount = ColumnType<string | number, number, number>;

export interface VirtualKeyRow {
  id: string;
  name: string;
  /** Base64 SHA-256 of the secret; the secret itself is never stored. */
  key_hash: string;
  /** `sk-llmp-...abcd`, for lists. */
  key_hint: string;
  /** JSON list of model globs; null: every model. */
  models: string | null;
  rpm: number | null;
  tpm: number | null;
  max_parallel: number | null;
  budget_usd: number | null;
  budget_period: string;
  /** ISO 8601, UTC. */
  created_at: string;
  revoked_at: string | null;
}

/** One key's spend on one UTC day; budgets of any period add up days. */
export interface SpendRow {
  principal_id: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  usd: number;
  requests: BigCount;
  tokens: BigCount;
}

/** A provider made through the admin API: what config.yaml would say of it, its secrets sealed. */
export interface StoredProviderRow {
  name: string;
  type: string;
  /** null: the type's default. */
  base_url: string | null;
  /** JSON object of the headers that carry no secret. */
  headers: string;
  /** JSON list; null: none listed. */
  models: string | null;
  /** JSON, as given (validated by the type's own validator when the config is built). */
  options: string | null;
  /** JSON of the timeouts given; the rest come from `upstream.timeouts`. */
  timeouts: string | null;
  /** 1 or 0: booleans as integers, which both dialects store alike. */
  enabled: number;
  /** SecretBox-sealed JSON `{api_key?, headers?}` (see src/state/secret-box.ts); null: no secret. */
  secrets: string | null;
  /** The environment variable each replica reads the key from (the default providers); null: none. */
  api_key_env: string | null;
  /** ISO 8601, UTC. */
  created_at: string;
  updated_at: string;
}

/** A provider of config.yaml switched on or off through the admin API (the file itself is never written). */
export interface ProviderOverrideRow {
  name: string;
  enabled: number;
  updated_at: string;
}

/** Traffic of one hour, key, provider and model, for the admin API's usage report. */
export interface UsageRow {
  /** The hour's start, ISO 8601 UTC (`2026-12-01T13:00:00.000Z`): text compares in time order. */
  hour: string;
  /** The principal (`vk:ID`, `config:NAME`, `master`); "" for requests without a key. */
  principal_id: string;
  provider: string;
  model: string;
  requests: BigCount;
  input_tokens: BigCount;
  output_tokens: BigCount;
  cost_usd: number;
  cache_hits: BigCount;
  cache_saved_usd: number;
}

/** A response `POST /v1/responses` stored (`store`), as StoredResponse in src/responses/store/types.ts. */
export interface ResponseRow {
  id: string;
  /** The principal that made it (`master`, `config:NAME`, `vk:ID`); '' while the proxy is open. Never null, so reads compare it with `=`. */
  owner: string;
  /** Unix seconds. */
  created_at: BigCount;
  /** Unix seconds; reads skip what is past it, the sweep deletes it. */
  expires_at: BigCount;
  kept_by: string | null;
  previous_response_id: string | null;
  /**
   * JSON text as the client was given it. Text rather than PostgreSQL's jsonb, which would reorder
   * the keys of what `GET /v1/responses/{id}` gives back.
   */
  input_items: string;
  response: string;
}

/** Which stored response holds an item (input or output) with this id, for `item_reference`. */
export interface ResponseItemRow {
  item_id: string;
  response_id: string;
}
