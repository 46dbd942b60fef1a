import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectError, expectModelList } from "../helpers/openai-schema.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(ROOT, "dist/cli.js");

interface Started {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

const children: ChildProcess[] = [];

/** The environment minus every provider key, as on a machine where none is set. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.endsWith("_API_KEY") && name !== "PORT" && name !== "HOST"),
  );
  return { ...env, ...extra };
}

function run(args: string[], env: NodeJS.ProcessEnv = cleanEnv()) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (part) => (stdout += part));
  child.stderr!.on("data", (part) => (stderr += part));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

async function start(args: string[], env?: NodeJS.ProcessEnv): Promise<Started> {
  const proc = run(args, env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed; stderr: ${proc.stderr()}`)), 10_000);
    proc.child.stdout!.on("data", () => {
      const match = /listening on (http:\/\/\S+)/.exec(proc.stdout());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    proc.exited.then((code) => reject(new Error(`exited ${code}: ${proc.stderr()}`)));
  });
  return { child: proc.child, url, stdout: proc.stdout, stderr: proc.stderr };
}

async function busyPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

function tempConfig(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "llm-proxy-")), "config.yaml");
  writeFileSync(file, yaml);
  return file;
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error("dist/cli.js is missing: run `npm run build` (npm test does) first");
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

describe("llm-proxy CLI", () => {
  it("serves the shipped config.yaml with no API keys set: clear 401s, a model list, a clean shutdown", async () => {
    const proxy = await start(["--port", "0"]);
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(proxy.url).port).not.toBe("8787");

    const chat = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(chat.status).toBe(401);
    const error = (await chat.json()) as { error: { message: string } };
    expectError(error);
    expect(error.error.message).toContain("OPENAI_API_KEY");

    const models = await fetch(`${proxy.url}/v1/models`);
    expect(models.status).toBe(200);
    expectModelList(await models.json());

    const exited = new Promise((resolve) => proxy.child.once("exit", resolve));
    proxy.child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("takes config, port and host from LLM_PROXY_CONFIG, PORT and HOST", async () => {
    const file = tempConfig("providers: {}\n");
    const { port, release } = await busyPort();
    await release();
    const proxy = await start([], cleanEnv({ LLM_PROXY_CONFIG: file, PORT: String(port), HOST: "127.0.0.1" }));
    expect(proxy.url).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`${proxy.url}/healthz`)).status).toBe(200);
  });

  it("refuses a busy port instead of moving to another one", async () => {
    const { port, release } = await busyPort();
    try {
      const proc = run(["--port", String(port)]);
      expect(await proc.exited).toBe(1);
      expect(proc.stderr()).toContain(`cannot listen on 127.0.0.1:${port}`);
      expect(proc.stdout()).not.toContain("listening");
    } finally {
      await release();
    }
  });

  it("refuses a port listhen would silently swap for another (an 'unsafe' one)", async () => {
    const proc = run(["--port", "6000"]);
    const code = await proc.exited;
    expect(code).toBe(1);
    expect(proc.stdout()).not.toContain("listening on http://127.0.0.1:3000");
  });

  it("exits non-zero naming the bad key of an invalid config", async () => {
    const file = tempConfig("providers:\n  openai:\n    type: openai\n    base_url: not a url\n");
    const proc = run(["--config", file, "--port", "0"]);
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toContain("providers.openai.base_url");
  });

  it("exits non-zero for a missing config file and for bad flags", async () => {
    const missing = run(["--config", "/nonexistent/config.yaml"]);
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toContain("cannot read config file");
    const badFlag = run(["--bogus"]);
    expect(await badFlag.exited).toBe(2);
    const badPort = run(["--port", "http"]);
    expect(await badPort.exited).toBe(2);
  });

  it("keeps API keys out of its output, even in failure logs", async () => {
    const secret = "sk-cli-secret-abcdef0123456789";
    const { port, release } = await busyPort();
    await release();
    const file = tempConfig(
      `providers:\n  openai:\n    type: openai\n    base_url: http://127.0.0.1:${port}/v1\n    api_key: \${OPENAI_API_KEY}\n`,
    );
    const proxy = await start(["--config", file, "--port", "0"], cleanEnv({ OPENAI_API_KEY: secret }));
    await fetch(`${proxy.url}/v1/models`);
    const chat = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "openai/gpt-4o", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(chat.status).toBe(502);
    expect(await chat.text()).not.toContain(secret);
    expect(proxy.stderr()).toContain("model listing failed");
    expect(proxy.stdout() + proxy.stderr()).not.toContain(secret);
  });

  it("prints usage for --help", async () => {
    const proc = run(["--help"]);
    expect(await proc.exited).toBe(0);
    expect(proc.stdout()).toContain("--config FILE");
  });
});
