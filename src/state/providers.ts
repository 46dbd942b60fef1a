import type { Kysely, Selectable } from "kysely";
import type { ProviderOverrideRow, StateTables, StoredProviderRow } from "./tables.js";

export type StoredProvider = Selectable<StoredProviderRow>;

/** What a write sets of a stored provider (its name and timestamps are the repository's). */
export type ProviderFields = Omit<StoredProviderRow, "name" | "created_at" | "updated_at">;

export class DuplicateProvider extends Error {
  override name = "DuplicateProvider";
}

/**
 * Providers made through the admin API and the on/off overrides of config.yaml's providers. Rows
 * hold secrets only sealed (src/state/secret-box.ts); this module never sees them in clear.
 */
export class StoredProviders {
  constructor(private readonly db: Kysely<StateTables>) {}

  list(): Promise<StoredProvider[]> {
    return this.db.selectFrom("providers").selectAll().orderBy("name").execute();
  }

  get(name: string): Promise<StoredProvider | undefined> {
    return this.db.selectFrom("providers").selectAll().where("name", "=", name).executeTakeFirst();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom("providers")
      .select((eb) => eb.fn.countAll<string | number>().as("count"))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Throws DuplicateProvider when the name is taken (by another replica in the meantime, too). */
  async insert(name: string, fields: ProviderFields, now = new Date()): Promise<StoredProvider> {
    const row: StoredProviderRow = { name, ...fields, created_at: now.toISOString(), updated_at: now.toISOString() };
    const inserted = await this.db
      .insertInto("providers")
      .values(row)
      .onConflict((conflict) => conflict.column("name").doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0)
      throw new DuplicateProvider(`a provider named ${JSON.stringify(name)} exists`);
    return row;
  }

  /** The replaced row; undefined when there is none of that name. */
  async replace(name: string, fields: ProviderFields, now = new Date()): Promise<StoredProvider | undefined> {
    return this.db
      .updateTable("providers")
      .set({ ...fields, updated_at: now.toISOString() })
      .where("name", "=", name)
      .returningAll()
      .executeTakeFirst();
  }

  async setEnabled(name: string, enabled: boolean, now = new Date()): Promise<boolean> {
    const updated = await this.db
      .updateTable("providers")
      .set({ enabled: enabled ? 1 : 0, updated_at: now.toISOString() })
      .where("name", "=", name)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  async delete(name: string): Promise<boolean> {
    const deleted = await this.db.deleteFrom("providers").where("name", "=", name).executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0;
  }

  overrides(): Promise<Selectable<ProviderOverrideRow>[]> {
    return this.db.selectFrom("provider_overrides").selectAll().orderBy("name").execute();
  }

  async setOverride(name: string, enabled: boolean, now = new Date()): Promise<void> {
    const row = { name, enabled: enabled ? 1 : 0, updated_at: now.toISOString() };
    await this.db
      .insertInto("provider_overrides")
      .values(row)
      .onConflict((conflict) => conflict.column("name").doUpdateSet({ enabled: row.enabled, updated_at: row.updated_at }))
      .execute();
  }

  /** Replaces every row's sealed secrets with `reseal(row)`, in one transaction: all or nothing. */
  async resealAll(reseal: (row: StoredProvider) => string | null): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom("providers").selectAll().where("secrets", "is not", null).execute();
      for (const row of rows) {
        await trx
          .updateTable("providers")
          .set({ secrets: reseal(row) })
          .where("name", "=", row.name)
          .execute();
      }
      return rows.length;
    });
  }
}
