import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built CLI, run as a child process the way users run it. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CLI = join(ROOT, "dist/cli.js");

export interface StartedCli {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

const children: ChildProcess[] = [];

/** The environment minus every provider key, as on a machine where none is set. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.endsWith("_API_KEY") && name !== "PORT" && name !== "HOST"),
  );
  return { ...env, ...extra };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = cleanEnv()) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (part) => (stdout += part));
  child.stderr!.on("data", (part) => (stderr += part));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

export async function startCli(args: string[], env?: NodeJS.ProcessEnv): Promise<StartedCli> {
  const proc = runCli(args, env);
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

/** Kills every CLI process a test started that is still running (an afterEach). */
export function stopCliProcesses(): void {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
}

export function tempConfig(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "llm-proxy-")), "config.yaml");
  writeFileSync(file, yaml);
  return file;
}
