import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(ROOT, "dist/cli.js");

export interface ProxyProcess {
  url: string;
  child: ChildProcess;
  /** The openai SDK pointed at the proxy, with its own retries off (the proxy's are under test). */
  client: OpenAI;
  /** Every JSON log line the process wrote so far. */
  logs(): Record<string, unknown>[];
  post(body: object, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; text: string }>;
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The built proxy (`dist/cli.js`, which `npm test` builds first) as a child process on a free
 * port, serving `yaml`: the real process a deployment runs.
 */
export async function startProxyProcess(yaml: string, env: Record<string, string> = {}): Promise<ProxyProcess> {
  if (!existsSync(CLI)) throw new Error("dist/cli.js is missing: run `npm run build` (npm test does) first");
  const dir = mkdtempSync(join(tmpdir(), "llm-proxy-chaos-"));
  const config = join(dir, "config.yaml");
  writeFileSync(config, yaml);
  const child = spawn(process.execPath, [CLI, "--config", config, "--port", "0"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (part) => (stdout += part));
  child.stderr!.on("data", (part) => (stderr += part));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the proxy did not start: ${stderr}`)), 15_000);
    child.stdout!.on("data", () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]!);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the proxy exited with ${code}: ${stderr}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url,
    child,
    client: new OpenAI({ baseURL: `${url}/v1`, apiKey: "client-side-key", maxRetries: 0, timeout: 30_000 }),
    logs: () =>
      stderr
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line)),
    async post(body, headers = {}) {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
    metrics: async () => (await fetch(`${url}/metrics`)).text(),
    async close() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
