import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";

/** The shared PostgreSQL, or null (its tests are skipped outside CI). */
export const postgresUrl = inject("postgresUrl");

/**
 * For a test file: a throwaway database on the shared PostgreSQL, named uniquely (other test runs
 * and helpers use the same server), created before the tests and dropped after them. `url` is set
 * once the database exists.
 */
export function useTemporaryPostgres(): { url: string } {
  const database = { url: "" };
  const name = `llm_proxy_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: postgresUrl! });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  beforeAll(async () => {
    if (!postgresUrl) return;
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    database.url = url.toString();
  });
  afterAll(async () => {
    if (postgresUrl && database.url) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return database;
}
