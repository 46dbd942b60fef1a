import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CLI = join(ROOT, "dist/cli.js");

export interface CliRun {
  child: ChildProcess;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/** Runs the built CLI (`dist/cli.js`) as a child process. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (part) => (stdout += part));
  child.stderr!.on("data", (part) => (stderr += part));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

export interface ProxyProcess extends CliRun {
  url: string;
  /** SIGTERM, then waits for the exit (a graceful stop: spend is flushed). */
  stop(): Promise<number | null>;
}

/** Starts a proxy process on a free port and resolves once it announced its URL. */
export async function startProxyProcess(
  configFile: string,
  env: NodeJS.ProcessEnv = process.env,
  args: string[] = [],
): Promise<ProxyProcess> {
  const run = runCli(["--config", configFile, "--port", "0", ...args], env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed; stderr: ${run.stderr()}`)), 15_000);
    run.child.stdout!.on("data", () => {
      const match = /listening on (http:\/\/\S+)/.exec(run.stdout());
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]!);
    });
    void run.exited.then((code) => reject(new Error(`exited ${code}: ${run.stderr()}`)));
  });
  return {
    ...run,
    url,
    stop: () => {
      if (run.child.exitCode === null) run.child.kill("SIGTERM");
      return run.exited;
    },
  };
}
