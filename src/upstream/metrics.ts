import { Gauge, type Registry } from "prom-client";
import type { OriginStats, UpstreamClient } from "./client.js";

/**
 * Gauges of the upstream pools, read from undici's own counts when `/metrics` is scraped (no
 * request pays for them). Labelled by origin, whose values come from the configured base_urls.
 */
export function registerUpstreamMetrics(registry: Registry, upstream: UpstreamClient): void {
  const gauge = (name: string, help: string, read: (stats: OriginStats) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["origin"],
      registers: [registry],
      collect() {
        this.reset();
        for (const stats of upstream.stats()) this.labels(stats.origin).set(read(stats));
      },
    });
  gauge("llm_proxy_upstream_connections", "Open connections to the upstream origin.", (stats) => stats.connections);
  gauge(
    "llm_proxy_upstream_streams",
    "Requests in flight to the upstream origin (on HTTP/2, several share a connection).",
    (stats) => stats.streams,
  );
  gauge(
    "llm_proxy_upstream_waiting_requests",
    "Requests to the upstream origin not sent yet: waiting for a connection to open, or for a free one under upstream.max_connections_per_origin.",
    (stats) => stats.waiting,
  );
}
