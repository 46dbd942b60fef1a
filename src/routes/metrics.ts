import { defineHandler, type EventHandler } from "h3";
import type { ProxyMetrics } from "../metrics/proxy-metrics.js";

/** `GET /metrics`: Prometheus' text format. */
export function metricsRoute(metrics: ProxyMetrics): EventHandler {
  return defineHandler(async () => {
    const text = await metrics.exposition();
    return new Response(text, { headers: { "content-type": metrics.registry.contentType } });
  });
}
