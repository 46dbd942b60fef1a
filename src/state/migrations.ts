import type { Kysely, Migration } from "kysely";

/**
 * The store's schema, in order; never edit a migration that has shipped, add the next one. Each
 * is written once for SQLite and PostgreSQL alike (Kysely's schema builder speaks both).
 */
export const MIGRATIONS: Record<string, Migration> = {
  "0001_virtual_keys_and_spend": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("virtual_keys")
        .addColumn("id", "text", (column) => column.primaryKey())
        .addColumn("name", "text", (column) => column.notNull())
        .addColumn("key_hash", "text", (column) => column.notNull().unique())
        .addColumn("key_hint", "text", (column) => column.notNull())
        .addColumn("models", "text")
        .addColumn("rpm", "integer")
        .addColumn("tpm", "integer")
        .addColumn("max_parallel", "integer")
        .addColumn("budget_usd", "double precision")
        .addColumn("budget_period", "text", (column) => column.notNull())
        .addColumn("created_at", "text", (column) => column.notNull())
        .addColumn("revoked_at", "text")
        .execute();
      await db.schema
        .createTable("spend")
        .addColumn("principal_id", "text", (column) => column.notNull())
        .addColumn("day", "text", (column) => column.notNull())
        .addColumn("usd", "double precision", (column) => column.notNull().defaultTo(0))
        .addColumn("requests", "bigint", (column) => column.notNull().defaultTo(0))
        .addColumn("tokens", "bigint", (column) => column.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("spend_pk", ["principal_id", "day"])
        .execute();
      await db.schema.createIndex("spend_by_day").on("spend").column("day").execute();
    },
  },
  "0002_providers": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("providers")
        .addColumn("name", "text", (column) => column.primaryKey())
        .addColumn("type", "text", (column) => column.notNull())
        .addColumn("base_url", "text")
        .addColumn("headers", "text", (column) => column.notNull())
        .addColumn("models", "text")
        .addColumn("options", "text")
        .addColumn("timeouts", "text")
        .addColumn("enabled", "integer", (column) => column.notNull())
        .addColumn("secrets", "text")
        .addColumn("api_key_env", "text")
        .addColumn("created_at", "text", (column) => column.notNull())
        .addColumn("updated_at", "text", (column) => column.notNull())
        .execute();
      await db.schema
        .createTable("provider_overrides")
        .addColumn("name", "text", (column) => column.primaryKey())
        .addColumn("enabled", "integer", (column) => column.notNull())
        .addColumn("updated_at", "text", (column) => column.notNull())
        .execute();
    },
  },
  "0003_usage": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("usage")
        .addColumn("hour", "text", (column) => column.notNull())
        .addColumn("principal_id", "text", (column) => column.notNull())
        .addColumn("provider", "text", (column) => column.notNull())
        .addColumn("model", "text", (column) => column.notNull())
        .addColumn("requests", "bigint", (column) => column.notNull().defaultTo(0))
        .addColumn("input_tokens", "bigint", (column) => column.notNull().defaultTo(0))
        .addColumn("output_tokens", "bigint", (column) => column.notNull().defaultTo(0))
        .addColumn("cost_usd", "double precision", (column) => column.notNull().defaultTo(0))
        .addColumn("cache_hits", "bigint", (column) => column.notNull().defaultTo(0))
        .addColumn("cache_saved_usd", "double precision", (column) => column.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("usage_pk", ["hour", "principal_id", "provider", "model"])
        .execute();
    },
  },
  // Numbered after the admin API's 0002_providers and 0003_usage, which land beside it: the migrator runs them in name order.
  "0004_stored_responses": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("responses")
        .addColumn("id", "text", (column) => column.primaryKey())
        .addColumn("owner", "text", (column) => column.notNull())
        .addColumn("created_at", "bigint", (column) => column.notNull())
        .addColumn("expires_at", "bigint", (column) => column.notNull())
        .addColumn("kept_by", "text")
        .addColumn("previous_response_id", "text")
        .addColumn("input_items", "text", (column) => column.notNull())
        .addColumn("response", "text", (column) => column.notNull())
        .execute();
      await db.schema.createIndex("responses_by_expiry").on("responses").column("expires_at").execute();
      // Looked up by item id (item_reference); deleted by response id (DELETE, expiry).
      await db.schema
        .createTable("response_items")
        .addColumn("item_id", "text", (column) => column.notNull())
        .addColumn("response_id", "text", (column) => column.notNull())
        .addPrimaryKeyConstraint("response_items_pk", ["item_id", "response_id"])
        .execute();
      await db.schema.createIndex("response_items_by_response").on("response_items").column("response_id").execute();
    },
  },
};
