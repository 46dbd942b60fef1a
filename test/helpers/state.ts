import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/** A `sqlite:` state URL in a fresh temporary folder, removed after the file's tests. */
export function useTemporarySqlite(): string {
  const dir = mkdtempSync(join(tmpdir(), "llm-proxy-state-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return `sqlite:${join(dir, "state.db")}`;
}
