import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-process.js";

const dir = mkdtempSync(join(tmpdir(), "llm-proxy-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(name: string, yaml: string): string {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}
const withStore = config("store.yaml", "auth: {}\nstate: { url: sqlite:./state.db }\n");
const keys = async (...args: string[]) => {
  const run = runCli(["keys", ...args]);
  return { code: await run.exited, stdout: run.stdout(), stderr: run.stderr() };
};

describe("llm-proxy keys", () => {
  it("creates a key, printing only its secret on stdout, and lists it by hint with its limits", async () => {
    const created = await keys(
      "create",
      "--config",
      withStore,
      "--name",
      "ci",
      "--models",
      "gpt-4o-mini,claude-*",
      "--rpm",
      "5",
      "--budget-usd",
      "2.5",
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^sk-llmp-[A-Za-z0-9_-]{43}\n$/);
    expect(created.stderr).toMatch(/created key 'ci' \(vk_[0-9a-f]{16}\); the secret above is shown only this once/);
    const listed = await keys("list", "--config", withStore);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`sk-llmp-...${created.stdout.trim().slice(-4)}`);
    expect(listed.stdout).toMatch(/ci\s+sk-llmp-\.\.\.\S{4}\s+gpt-4o-mini,claude-\*\s+5\s+-\s+-\s+\$2\.5\/month\s+\$0\.00/);
    expect(listed.stdout).not.toContain(created.stdout.trim());
  });

  it("refuses a second live key of the same name, bad numbers, and a config without a state store", async () => {
    expect(await keys("create", "--config", withStore, "--name", "ci")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('a key named "ci" exists'),
    });
    expect(await keys("create", "--config", withStore, "--name", "x", "--rpm", "fast")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("--rpm must be a whole number"),
    });
    expect(await keys("create", "--config", withStore, "--name", "x", "--budget-period", "year", "--budget-usd", "1")).toMatchObject({
      code: 1,
    });
    expect(await keys("create", "--config", withStore, "--bogus")).toMatchObject({ code: 2, stderr: expect.stringContaining("--bogus") });
    const storeless = config("plain.yaml", "auth: {}\n");
    expect(await keys("list", "--config", storeless)).toMatchObject({ code: 1, stderr: expect.stringContaining("set state.url") });
  });

  it("revokes by name or id, and says when there is no such key", async () => {
    const revoked = await keys("revoke", "ci", "--config", withStore);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/^revoked key 'ci' \(vk_[0-9a-f]{16}\)/);
    expect(await keys("revoke", "ci", "--config", withStore)).toMatchObject({ code: 1, stderr: expect.stringContaining("no live key") });
    const all = await keys("list", "--all", "--json", "--config", withStore);
    expect(JSON.parse(all.stdout)).toMatchObject([{ name: "ci", revokedAt: expect.any(String), rules: { rpm: 5, budget_usd: 2.5 } }]);
  });
});
