#!/usr/bin/env node
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { readFileSync } from "node:fs";
import { loadConfigFile } from "./config/load.js";
import { createConfigReloader } from "./config/reloader.js";
import { ConfigError } from "./config/validate.js";
import { adapterFor } from "./providers/registry.js";
import { runKeysCommand } from "./cli/keys/command.js";
import { runProvidersCommand } from "./cli/providers/command.js";
import { runStateCommand } from "./cli/state/command.js";
import { CommandError } from "./cli/command-error.js";
import { ListenError, StateStoreError, startProxy, type RunningProxy } from "./start.js";
import { configuredSecrets } from "./app-context.js";
import { WORKER_PORT_ENV } from "./cluster/messages.js";
import { runPrimary } from "./cluster/primary.js";
import { announceListening, joinCluster } from "./cluster/worker.js";
import { createLogger } from "./log.js";

const USAGE = `Usage: llm-proxy [--config FILE] [--port N] [--host H] [--watch] [--workers N]
       llm-proxy keys create|list|revoke …   (llm-proxy keys --help)
       llm-proxy providers list|test …       (llm-proxy providers --help)
       llm-proxy state rekey …               (llm-proxy state --help)

  -c, --config FILE   config file (default: $LLM_PROXY_CONFIG or ./config.yaml)
  -p, --port N        port to listen on, 0 for any free port (default: $PORT or 8787)
  -H, --host H        address to bind (default: $HOST or 127.0.0.1)
  -w, --watch         reload the config file whenever it changes (SIGHUP always reloads it)
      --workers N     worker processes sharing the port, or "auto" for one per core
                      (default: $LLM_PROXY_WORKERS or 1)
  -h, --help          show this help
  -v, --version       show the version`;

const SHUTDOWN_GRACE_MS = 10_000;

function fail(message: string, code: number): never {
  process.stderr.write(`llm-proxy: ${message}\n`);
  process.exit(code);
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) fail(`invalid port ${JSON.stringify(text)} (expected 0-65535)`, 2);
  return port;
}

function parseWorkers(text: string): number {
  if (text === "auto") return availableParallelism();
  const workers = Number(text);
  if (!/^\d+$/.test(text) || workers < 1 || workers > 1024)
    fail(`invalid --workers ${JSON.stringify(text)} (expected a number from 1 or "auto")`, 2);
  return workers;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** The commands that work on the config and its state store, then exit, beside serving. */
const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  keys: runKeysCommand,
  providers: runProvidersCommand,
  state: runStateCommand,
};

async function command(name: string, run: (args: string[]) => Promise<void>, args: string[]): Promise<void> {
  try {
    await run(args);
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) fail((error as Error).message, 2);
    if (error instanceof CommandError) fail(error.message, 1);
    fail(`${name} ${args[0]} failed: ${(error as Error).message}`, 1);
  }
}

async function main(): Promise<void> {
  const commandName = process.argv[2];
  const run = commandName !== undefined && Object.hasOwn(COMMANDS, commandName) ? COMMANDS[commandName] : undefined;
  if (commandName && run) return command(commandName, run, process.argv.slice(3));
  let values: { config?: string; port?: string; host?: string; watch?: boolean; workers?: string; help?: boolean; version?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        config: { type: "string", short: "c" },
        port: { type: "string", short: "p" },
        host: { type: "string", short: "H" },
        watch: { type: "boolean", short: "w" },
        workers: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return;
  }

  const configFile = resolve(values.config ?? process.env.LLM_PROXY_CONFIG ?? "config.yaml");
  const port = parsePort(values.port ?? process.env.PORT ?? "8787");
  const host = values.host ?? process.env.HOST ?? "127.0.0.1";
  const workers = parseWorkers(values.workers ?? process.env.LLM_PROXY_WORKERS ?? "1");
  const loadConfig = () =>
    loadConfigFile(configFile, process.env, adapterFor).catch((error: unknown) => {
      if (error instanceof ConfigError) fail(`invalid config ${configFile}: ${error.message}`, 1);
      throw error;
    });

  if (cluster.isPrimary && workers > 1) {
    // Checked once here, so a bad file fails at once with the path of its bad key, not once per worker.
    const config = await loadConfig();
    runPrimary({
      workers,
      port,
      configFile,
      watch: values.watch === true,
      logger: createLogger({ level: config.log_level, secrets: configuredSecrets(config) }),
      shutdownGraceMs: SHUTDOWN_GRACE_MS,
      onListening: (url) => process.stdout.write(`llm-proxy listening on ${url} (${workers} workers)\n`),
    });
    return;
  }
  const inCluster = cluster.isWorker;

  let proxy: RunningProxy;
  try {
    const config = await loadConfig();
    proxy = await startProxy({ config, host, port: inCluster ? Number(process.env[WORKER_PORT_ENV]) : port });
  } catch (error) {
    if (error instanceof ListenError || error instanceof StateStoreError) fail(error.message, 1);
    throw error;
  }
  const reloader = createConfigReloader(configFile, proxy.app);
  process.on("SIGHUP", () => void reloader.reload("SIGHUP"));
  // Under --workers the primary watches the file and tells every worker.
  if (values.watch && !inCluster) reloader.watch();
  if (inCluster) joinCluster(proxy.app, reloader);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    reloader.close();
    proxy.app.logger.info("shutting down", { signal });
    const force = setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS);
    force.unref();
    proxy.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  // Announced once every signal is handled: a supervisor may send one the moment it reads this line.
  if (inCluster) {
    // A worker whose primary is gone would serve on, unsupervised.
    process.once("disconnect", () => stop("primary gone"));
    announceListening(proxy.url, proxy.port);
  } else process.stdout.write(`llm-proxy listening on ${proxy.url}\n`);
}

main().catch((error: unknown) => fail(`failed to start: ${(error as Error).message}`, 1));
