import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SpendRecords } from "../../src/state/spend.js";
import { openStateStore } from "../../src/state/store.js";
import { DuplicateKeyName, VirtualKeys } from "../../src/state/virtual-keys.js";
import { postgresUrl, useTemporaryPostgres } from "../helpers/postgres.js";
import { useTemporarySqlite } from "../helpers/state.js";

if (!postgresUrl) console.warn("No PostgreSQL on 127.0.0.1:5432: the PostgreSQL state store tests are skipped.");

const sqlite = useTemporarySqlite();
const postgres = useTemporaryPostgres();
const dialects: [string, () => string, boolean][] = [
  ["SQLite", () => sqlite, true],
  ["PostgreSQL", () => postgres.url, Boolean(postgresUrl)],
];

const rules = {
  models: ["gpt-4o-mini", "claude-*"],
  rpm: 60,
  tpm: undefined,
  max_parallel: 2,
  budget_usd: 5,
  budget_period: "week" as const,
};

describe.each(dialects)("the state store on %s", (_dialect, url, available) => {
  it.runIf(available)("migrates at open, and again is a no-op", async () => {
    const first = await openStateStore(url());
    await first.close();
    const second = await openStateStore(url());
    const tables = await second.db.introspection.getTables();
    expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(["virtual_keys", "spend"]));
    await second.close();
  });

  it.runIf(available)("keeps virtual keys as hashes only, lists, finds and revokes them", async () => {
    const store = await openStateStore(url());
    try {
      const keys = new VirtualKeys(store.db);
      const { key, secret } = await keys.create("frontend", rules);
      expect(secret).toMatch(/^sk-llmp-[A-Za-z0-9_-]{43}$/);
      expect(key.hint).toBe(`sk-llmp-...${secret.slice(-4)}`);
      const rows = await store.db.selectFrom("virtual_keys").selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(secret.slice("sk-llmp-".length));
      expect(rows[0]!.key_hash).toBe(createHash("sha256").update(secret).digest("base64"));
      await expect(keys.create("frontend", rules)).rejects.toBeInstanceOf(DuplicateKeyName);

      const [active] = await keys.active();
      expect(active!.key.rules).toEqual(rules);
      expect(active!.hash).toBe(createHash("sha256").update(secret).digest("base64"));

      expect((await keys.revoke("frontend")).map((revoked) => revoked.id)).toEqual([key.id]);
      expect(await keys.active()).toEqual([]);
      expect(await keys.revoke(key.id)).toEqual([]);
      const [listed] = await keys.list({ includeRevoked: true });
      expect(listed!.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      // A revoked key's name can be given to a new one.
      await keys.create("frontend", rules);
    } finally {
      await store.close();
    }
  });

  it.runIf(available)("adds spend up per key and day, from several connections, and sums it by period", async () => {
    const store = await openStateStore(url());
    const other = await openStateStore(url());
    try {
      const spend = new SpendRecords(store.db);
      const day = (date: string, usd: number) => ({ principalId: "config:a", day: date, usd, requests: 1, tokens: 10 });
      await spend.add([day("2026-11-20", 1), day("2026-11-30", 2), day("2026-12-01", 4)]);
      // Another connection (another replica) adds to the same row rather than overwriting it.
      await spend.add([day("2026-12-02", 8)]);
      await new SpendRecords(other.db).add([day("2026-12-02", 16)]);
      const totals = await spend.totals({ day: "2026-12-02", week: "2026-11-30", month: "2026-12-01" });
      expect(totals.get("config:a")).toEqual({ day: 24, week: 30, month: 28, total: 31 });
      const row = await store.db.selectFrom("spend").selectAll().where("day", "=", "2026-12-02").executeTakeFirstOrThrow();
      expect(Number(row.requests)).toBe(2);
      expect(Number(row.tokens)).toBe(20);
    } finally {
      await store.close();
      await other.close();
    }
  });
});
