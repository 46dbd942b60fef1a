import type { Config } from "./schema.js";
import { hasLimits } from "../access/config.js";

/**
 * Settings read once at start by long-lived parts (the connection pools, the image fetcher's
 * agent, the cache store, the shared Redis connection and the metrics registry). A reload cannot change them without
 * dropping connections and counters, so they keep their running values until a restart.
 */
const RESTART_ONLY: Record<string, (config: Config) => unknown> = {
  "upstream.max_connections_per_origin": (config) => config.upstream.max_connections_per_origin,
  "upstream.keep_alive_ms": (config) => config.upstream.keep_alive_ms,
  "upstream.http2": (config) => config.upstream.http2,
  images: (config) => config.images,
  cache: (config) => config.cache,
  redis: (config) => config.redis,
  metrics: (config) => config.metrics,
  "responses.max_entries": (config) => config.responses.max_entries,
  "responses.max_bytes": (config) => config.responses.max_bytes,
  log_level: (config) => config.log_level,
  // The authenticate and admit stages are in the pipeline or not from the start; keys and limits themselves reload.
  "auth (on or off)": (config) => config.auth !== undefined,
  "limits (on or off)": (config) => hasLimits(config.limits),
  state: (config) => config.state,
};

/** The restart-only settings that differ between the running config and a reloaded one. */
export function restartOnlyChanges(running: Config, next: Config): string[] {
  return Object.entries(RESTART_ONLY)
    .filter(([, read]) => JSON.stringify(read(running)) !== JSON.stringify(read(next)))
    .map(([path]) => path);
}
