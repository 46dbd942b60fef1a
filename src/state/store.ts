import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Dialect } from "kysely";
import { MIGRATIONS } from "./migrations.js";
import type { StateTables } from "./tables.js";
import { parseStateUrl } from "./url.js";

/**
 * The state store: what outlives a process and is shared by replicas (virtual keys, spend, usage,
 * the admin API's providers, stored responses). A SQLite file by default, embedded, nothing to
 * run; PostgreSQL when several replicas must share it. Features reach it through repository
 * modules (virtual-keys.ts, spend.ts, providers.ts, usage.ts, stored-responses.ts), never with SQL
 * of their own scattered around.
 */
export interface StateStore {
  readonly db: Kysely<StateTables>;
  readonly dialect: "sqlite" | "postgres";
  /** Whether the store answers (for /readyz); throws when it does not. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** SQLite waits this long for another process's write lock (a second replica, the CLI) before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;
const POSTGRES_POOL_SIZE = 4;

/** Opens the store at `url` (`sqlite:PATH` or `postgres://…`) and brings its schema up to date. */
export async function openStateStore(url: string): Promise<StateStore> {
  const location = parseStateUrl(url);
  const dialect = location.dialect === "sqlite" ? await sqliteDialect(location.file) : await postgresDialect(location.url);
  const db = new Kysely<StateTables>({ dialect });
  try {
    await migrate(db, location.dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    dialect: location.dialect,
    ping: async () => {
      await sql`select 1`.execute(db);
      return true;
    },
    close: () => db.destroy(),
  };
}

async function sqliteDialect(file: string): Promise<Dialect> {
  // Loaded only when used: a proxy without a SQLite store never loads the native module.
  const { default: Database } = (await import("better-sqlite3")) as unknown as { default: typeof import("better-sqlite3") };
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const database = new Database(file);
  // WAL lets readers (another replica on the same file, the CLI) go on while one process writes.
  database.pragma("journal_mode = WAL");
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return new SqliteDialect({ database });
}

async function postgresDialect(url: string): Promise<Dialect> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: POSTGRES_POOL_SIZE });
  // An idle connection the server dropped must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  return new PostgresDialect({ pool });
}

/**
 * Brings the schema up to date. On PostgreSQL the migrator holds a lock table; on SQLite it takes
 * no lock at all, so processes opening one file at once (replicas, `--workers`) would run the same
 * migration twice: there the whole run is one `BEGIN IMMEDIATE` transaction, which makes the others
 * wait (busy_timeout) and then find it done.
 */
async function migrate(db: Kysely<StateTables>, dialect: "sqlite" | "postgres"): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: "llm_proxy_migrations",
    migrationLockTableName: "llm_proxy_migration_lock",
  });
  if (dialect === "sqlite") await sql`begin immediate`.execute(db);
  const { error } = await migrator.migrateToLatest();
  if (dialect === "sqlite") await sql.raw(error ? "rollback" : "commit").execute(db);
  if (error) throw new Error(`state store migration failed: ${(error as Error).message ?? String(error)}`);
}
