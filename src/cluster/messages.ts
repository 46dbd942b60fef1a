/**
 * What the primary and its workers say to each other over the cluster's IPC channel. Every type
 * is prefixed, so nothing else on the channel (prom-client's own messages, say) is mistaken for one.
 */
export type ClusterMessage =
  /** worker → primary: the worker accepts requests. */
  | { type: "llm-proxy:listening"; url: string; port: number }
  /** primary → worker: reload the config file. */
  | { type: "llm-proxy:reload"; reason: string }
  /** worker → primary: a scrape wants the sum over every worker. */
  | { type: "llm-proxy:metrics-wanted"; id: number }
  /** primary → worker: send this worker's own metrics. */
  | { type: "llm-proxy:metrics-collect"; id: number }
  /** worker → primary: this worker's metrics, as prom-client's JSON. */
  | { type: "llm-proxy:metrics-collected"; id: number; metrics: object[] }
  /** primary → worker: the sum over every worker, in Prometheus' text format (or why there is none). */
  | { type: "llm-proxy:metrics-summed"; id: number; text: string | undefined; error: string | undefined }
  /** worker → primary → every other worker: the state store changed (`text`: an encoded ChangeMessage). */
  | { type: "llm-proxy:state-changed"; text: string };

/** The environment variable that gives a worker the port to listen on (the one the first worker got, for port 0). */
export const WORKER_PORT_ENV = "LLM_PROXY_WORKER_PORT";

export function isClusterMessage(message: unknown): message is ClusterMessage {
  const type = (message as { type?: unknown } | null)?.type;
  return typeof type === "string" && type.startsWith("llm-proxy:");
}
