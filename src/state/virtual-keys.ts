import { randomBytes } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { BUDGET_PERIODS, type BudgetPeriod, type KeyRules } from "../access/config.js";
import { hashKey, keyHint, newVirtualKey } from "../access/secrets.js";
import type { StateTables, VirtualKeyRow } from "./tables.js";

/** A virtual key as stored: never its secret, only the hash and a hint. */
export interface VirtualKey {
  id: string;
  name: string;
  hint: string;
  rules: KeyRules;
  createdAt: string;
  revokedAt: string | undefined;
}

export class DuplicateKeyName extends Error {
  override name = "DuplicateKeyName";
}

/** Virtual keys in the state store: created (the secret returned once), listed, changed, revoked. */
export class VirtualKeys {
  constructor(private readonly db: Kysely<StateTables>) {}

  /** A new key; `secret` is the only copy of the key itself. Names are unique among keys not revoked. */
  async create(name: string, rules: KeyRules, now = new Date()): Promise<{ key: VirtualKey; secret: string }> {
    const taken = await this.db
      .selectFrom("virtual_keys")
      .select("id")
      .where("name", "=", name)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (taken)
      throw new DuplicateKeyName(`a key named ${JSON.stringify(name)} exists (id ${taken.id}); revoke it first or pick another name`);
    const secret = newVirtualKey();
    const row: VirtualKeyRow = {
      id: `vk_${randomBytes(8).toString("hex")}`,
      name,
      key_hash: hashKey(secret),
      key_hint: keyHint(secret),
      ...rulesColumns(rules),
      created_at: now.toISOString(),
      revoked_at: null,
    };
    await this.db.insertInto("virtual_keys").values(row).execute();
    return { key: toVirtualKey(row), secret };
  }

  async get(id: string): Promise<VirtualKey | undefined> {
    const row = await this.db.selectFrom("virtual_keys").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toVirtualKey(row);
  }

  /** Renames a live key and sets its rules; undefined when no live key has the id. Names stay unique among live keys. */
  async update(id: string, name: string, rules: KeyRules): Promise<VirtualKey | undefined> {
    const taken = await this.db
      .selectFrom("virtual_keys")
      .select("id")
      .where("name", "=", name)
      .where("id", "!=", id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (taken) throw new DuplicateKeyName(`a key named ${JSON.stringify(name)} exists (id ${taken.id})`);
    const row = await this.db
      .updateTable("virtual_keys")
      .set({ name, ...rulesColumns(rules) })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .returningAll()
      .executeTakeFirst();
    return row && toVirtualKey(row);
  }

  async list(options: { includeRevoked: boolean }): Promise<VirtualKey[]> {
    let query = this.db.selectFrom("virtual_keys").selectAll().orderBy("created_at").orderBy("id");
    if (!options.includeRevoked) query = query.where("revoked_at", "is", null);
    return (await query.execute()).map(toVirtualKey);
  }

  /** Keys that authenticate, with the hash (base64 SHA-256) to find them by. */
  async active(): Promise<{ key: VirtualKey; hash: string }[]> {
    const rows = await this.db.selectFrom("virtual_keys").selectAll().where("revoked_at", "is", null).execute();
    return rows.map((row) => ({ key: toVirtualKey(row), hash: row.key_hash }));
  }

  /** Revokes the live key with this id (and no other, whatever its name); false when there is none. */
  async revokeById(id: string, now = new Date()): Promise<boolean> {
    const revoked = await this.db
      .updateTable("virtual_keys")
      .set({ revoked_at: now.toISOString() })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return Number(revoked.numUpdatedRows) > 0;
  }

  /** Revokes the key with this id, or the live key with this name; answers what was revoked (nothing: no such key). */
  async revoke(idOrName: string, now = new Date()): Promise<VirtualKey[]> {
    const rows = await this.db
      .updateTable("virtual_keys")
      .set({ revoked_at: now.toISOString() })
      .where("revoked_at", "is", null)
      .where((eb) => eb.or([eb("id", "=", idOrName), eb("name", "=", idOrName)]))
      .returningAll()
      .execute();
    return rows.map(toVirtualKey);
  }
}

function rulesColumns(rules: KeyRules): Pick<VirtualKeyRow, "models" | "rpm" | "tpm" | "max_parallel" | "budget_usd" | "budget_period"> {
  return {
    models: rules.models ? JSON.stringify(rules.models) : null,
    rpm: rules.rpm ?? null,
    tpm: rules.tpm ?? null,
    max_parallel: rules.max_parallel ?? null,
    budget_usd: rules.budget_usd ?? null,
    budget_period: rules.budget_period,
  };
}

function toVirtualKey(row: Selectable<VirtualKeyRow>): VirtualKey {
  return {
    id: row.id,
    name: row.name,
    hint: row.key_hint,
    rules: {
      models: row.models === null ? undefined : (JSON.parse(row.models) as string[]),
      rpm: row.rpm ?? undefined,
      tpm: row.tpm ?? undefined,
      max_parallel: row.max_parallel ?? undefined,
      budget_usd: row.budget_usd ?? undefined,
      budget_period: (BUDGET_PERIODS as readonly string[]).includes(row.budget_period) ? (row.budget_period as BudgetPeriod) : "month",
    },
    createdAt: row.created_at,
    revokedAt: row.revoked_at ?? undefined,
  };
}
