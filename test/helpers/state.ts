import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { postgresUrl, useTemporaryPostgres } from "./postgres.js";

/** A `sqlite:` state URL in a fresh temporary folder, removed after the file's tests. */
export function useTemporarySqlite(): string {
  const dir = mkdtempSync(join(tmpdir(), "llm-proxy-state-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return `sqlite:${join(dir, "state.db")}`;
}

/**
 * For a test file: a temporary SQLite state URL and a throwaway PostgreSQL database, as
 * `describe.each` rows (name, url once made, whether it can run); PostgreSQL's are skipped, with
 * a warning naming `what`, when none answers outside CI.
 */
export function useStateDialects(what: string): [string, () => string, boolean][] {
  const sqlite = useTemporarySqlite();
  const postgres = useTemporaryPostgres();
  if (!postgresUrl) console.warn(`No PostgreSQL on 127.0.0.1:5432: the PostgreSQL ${what} tests are skipped.`);
  return [
    ["SQLite", () => sqlite, true],
    ["PostgreSQL", () => postgres.url, Boolean(postgresUrl)],
  ];
}
