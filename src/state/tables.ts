import type { ColumnType } from "kysely";

/**
 * The state store's tables, as Kysely sees them. A feature that needs a table adds its interface
 * here, a migration in migrations.ts, and a repository module beside this one (see virtual-keys.ts).
 */
export interface StateTables {
  virtual_keys: VirtualKeyRow;
  spend: SpendRow;
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
