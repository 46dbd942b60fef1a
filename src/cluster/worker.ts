import type { AppContext } from "../app-context.js";
import type { ConfigReloader } from "../config/reloader.js";
import { ProxyError } from "../errors.js";
import { type ClusterMessage, isClusterMessage } from "./messages.js";

/** How long a scrape waits for the primary to sum every worker's metrics. */
const METRICS_TIMEOUT_MS = 5000;

/**
 * A worker's part of the cluster: it reloads when the primary says so, hands the primary its own
 * metrics, and answers `/metrics` with the sum over every worker (asked of the primary), so a
 * scrape that reaches any one worker never sees that worker's numbers alone.
 */
export function joinCluster(app: AppContext, reloader: ConfigReloader): void {
  const waiting = new Map<number, (message: Extract<ClusterMessage, { type: "llm-proxy:metrics-summed" }>) => void>();
  let nextId = 0;
  process.on("message", (message: unknown) => {
    if (!isClusterMessage(message)) return;
    if (message.type === "llm-proxy:reload") void reloader.reload(message.reason);
    else if (message.type === "llm-proxy:metrics-collect") void sendOwnMetrics(app, message.id);
    else if (message.type === "llm-proxy:metrics-summed") waiting.get(message.id)?.(message);
  });
  const metrics = app.metrics;
  if (!metrics) return;
  metrics.exposition = () =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => settle(undefined, "the workers did not all answer in time"), METRICS_TIMEOUT_MS);
      const settle = (text: string | undefined, error: string | undefined) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (text !== undefined) resolve(text);
        else reject(new ProxyError(503, `Metrics are unavailable: ${error}.`, { type: "server_error", code: "metrics_unavailable" }));
      };
      waiting.set(id, (answer) => settle(answer.text, answer.error));
      if (!send({ type: "llm-proxy:metrics-wanted", id })) settle(undefined, "the primary process is gone");
    });
}

/** Tells the primary that this worker accepts requests. */
export function announceListening(url: string, port: number): void {
  send({ type: "llm-proxy:listening", url, port });
}

async function sendOwnMetrics(app: AppContext, id: number): Promise<void> {
  // Reading the registry moves the pending tallies into it, as a scrape of one process would.
  const metrics = app.metrics ? await app.metrics.registry.getMetricsAsJSON() : [];
  send({ type: "llm-proxy:metrics-collected", id, metrics });
}

function send(message: ClusterMessage): boolean {
  if (!process.connected || !process.send) return false;
  process.send(message);
  return true;
}
