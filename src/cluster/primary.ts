import cluster, { type Worker } from "node:cluster";
import { AggregatorRegistry } from "prom-client";
import { watchConfigFile } from "../config/reloader.js";
import type { Logger } from "../log.js";
import { type ClusterMessage, isClusterMessage, WORKER_PORT_ENV } from "./messages.js";

export interface PrimaryOptions {
  workers: number;
  /** The port asked for; 0: the first worker's free port, which the others then share. */
  port: number;
  configFile: string;
  /** Reload every worker whenever the config file changes. */
  watch: boolean;
  logger: Logger;
  /** Printed once every worker accepts requests. */
  onListening(url: string): void;
  /** How long a draining worker may take before it is killed. */
  shutdownGraceMs: number;
}

/** How long the primary waits for one worker's own metrics. */
const COLLECT_TIMEOUT_MS = 3000;
/** A worker that dies is replaced, but not faster than this, so a crash loop does not spin. */
const RESTART_DELAY_MS = 1000;

/**
 * The primary process of `--workers N`: it serves no request itself. It starts N workers on one
 * port (node:cluster hands them the connections), replaces a worker that dies, reloads every
 * worker on SIGHUP (or on a change of the file with `--watch`), passes one worker's announcement
 * of a state store change on to the others, sums every worker's metrics for a scrape that reaches
 * any of them, and on SIGTERM or SIGINT lets every worker drain and exits once they all have.
 */
export function runPrimary(options: PrimaryOptions): void {
  const { logger } = options;
  let port = options.port;
  let listening = 0;
  let announced = false;
  let stopping = false;
  let failed = false;
  let nextCollect = 0;
  /** cluster.workers may still list a worker that has exited (until it has also disconnected). */
  const alive = new Set<Worker>();

  const fork = () => {
    alive.add(cluster.fork({ [WORKER_PORT_ENV]: String(port) }));
  };

  cluster.on("message", (worker, message: unknown) => {
    if (!isClusterMessage(message)) return;
    if (message.type === "llm-proxy:listening") {
      // The first worker found the port (for --port 0): the others listen on the same one.
      if (listening++ === 0) {
        port = message.port;
        for (let i = 1; i < options.workers; i++) fork();
      }
      if (!announced && listening === options.workers) {
        announced = true;
        options.onListening(message.url);
      }
    } else if (message.type === "llm-proxy:metrics-wanted") {
      void sumMetrics([...alive], nextCollect++).then(
        (text) => send(worker, { type: "llm-proxy:metrics-summed", id: message.id, text, error: undefined }),
        (error: Error) => send(worker, { type: "llm-proxy:metrics-summed", id: message.id, text: undefined, error: error.message }),
      );
    } else if (message.type === "llm-proxy:state-changed") {
      for (const other of alive) if (other !== worker) send(other, message);
    }
  });

  cluster.on("exit", (worker, code, signal) => {
    alive.delete(worker);
    if (stopping) {
      if (code !== 0) failed = true;
      if (alive.size === 0) process.exit(failed ? 1 : 0);
      return;
    }
    if (!announced) {
      // A worker that cannot start (a busy port) has said why on stderr; the rest would fail alike.
      logger.error("a worker failed to start; stopping", { worker: worker.id, code, signal });
      stop("worker failed", 1);
      return;
    }
    logger.error("worker exited; starting another", { worker: worker.id, code, signal });
    setTimeout(() => {
      if (!stopping) fork();
    }, RESTART_DELAY_MS).unref();
  });

  const reloadAll = (reason: string) => {
    for (const worker of alive) send(worker, { type: "llm-proxy:reload", reason });
  };
  process.on("SIGHUP", () => reloadAll("SIGHUP"));
  const stopWatching = options.watch ? watchConfigFile(options.configFile, () => reloadAll("file changed")) : undefined;

  const stop = (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    if (exitCode !== 0) failed = true;
    stopWatching?.();
    logger.info("shutting down every worker", { reason });
    if (alive.size === 0) process.exit(exitCode);
    // SIGTERM, not a disconnect: each worker drains its requests as a single process would.
    for (const worker of alive) worker.process.kill("SIGTERM");
    setTimeout(() => {
      for (const worker of alive) worker.process.kill("SIGKILL");
      process.exit(1);
    }, options.shutdownGraceMs + 2000).unref();
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));

  fork();
}

/**
 * Every connected worker's own metrics, summed (counters, histograms and gauges alike; prom-client's
 * default process metrics by their own rule). A worker that does not answer fails the scrape
 * rather than have the sum drop, which Prometheus would read as a counter reset.
 */
async function sumMetrics(workers: Worker[], id: number): Promise<string> {
  const connected = workers.filter((worker) => worker.isConnected());
  const collected = await Promise.all(connected.map((worker) => collect(worker, id)));
  return AggregatorRegistry.aggregate(collected).metrics();
}

function collect(worker: Worker, id: number): Promise<object[]> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!isClusterMessage(message) || message.type !== "llm-proxy:metrics-collected" || message.id !== id) return;
      done();
      resolve(message.metrics);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`worker ${worker.id} did not answer in time`));
    }, COLLECT_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      worker.off("message", onMessage);
    };
    worker.on("message", onMessage);
    if (!send(worker, { type: "llm-proxy:metrics-collect", id })) {
      done();
      reject(new Error(`worker ${worker.id} is gone`));
    }
  });
}

function send(worker: Worker, message: ClusterMessage): boolean {
  if (!worker.isConnected()) return false;
  worker.send(message);
  return true;
}
