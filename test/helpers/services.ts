import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import pg from "pg";

/** CI must run every test; elsewhere a missing service skips its tests with a message. */
export const IN_CI = process.env.CI === "true" || process.env.CI === "1";

/** A port nothing listens on: bind one, note it, release it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The path of a command, or undefined. */
export function which(command: string): string | undefined {
  const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/**
 * Finds a command, installing its Debian package when it is missing and we are root (as on CI).
 * Returns its path, or undefined when it cannot be had.
 */
export function ensureDebianCommand(command: string, debianPackage: string, log: (line: string) => void): string | undefined {
  const present = which(command);
  if (present) return present;
  if (process.getuid?.() !== 0 || !which("apt-get")) return undefined;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () =>
    spawnSync("apt-get", ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "--no-install-recommends", debianPackage], {
      env,
      encoding: "utf8",
    });
  log(`installing Debian package ${debianPackage} for ${command}`);
  let result = install();
  if (result.status !== 0) {
    // A machine whose package lists were never fetched knows no package at all.
    spawnSync("apt-get", ["-o", "DPkg::Lock::Timeout=300", "update"], { env, encoding: "utf8" });
    result = install();
  }
  if (result.status !== 0) log(`apt-get install ${debianPackage} failed: ${(result.stderr || result.stdout).trim().split("\n").at(-1)}`);
  return which(command);
}

export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts a throwaway redis-server of our own on `port` (keeps nothing on disk). */
export async function startRedisServer(binary: string, port: number, extraArgs: string[] = []): Promise<RedisServer> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...extraArgs];
  const child: ChildProcess = spawn(binary, args, { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Whether a PostgreSQL server answers at `url`. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Starts the machine's PostgreSQL cluster (Debian's pg_ctlcluster) when it is installed and stopped. */
export function startDebianPostgres(log: (line: string) => void): void {
  if (process.getuid?.() !== 0 || !which("pg_ctlcluster")) return;
  const versions = spawnSync("ls", ["/etc/postgresql"], { encoding: "utf8" }).stdout.trim().split("\n").filter(Boolean);
  for (const version of versions) {
    log(`starting PostgreSQL ${version}`);
    spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], { encoding: "utf8" });
  }
}
