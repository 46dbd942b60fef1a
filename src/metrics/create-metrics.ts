import type { Config } from "../config/schema.js";
import { ModelLabels } from "./model-labels.js";
import { ProxyMetrics } from "./proxy-metrics.js";

/** Builds the metrics of one proxy from its config; undefined when metrics are turned off. */
export function createProxyMetrics(config: Config, knownModels: ReadonlySet<string>, inFlight: () => number): ProxyMetrics | undefined {
  if (!config.metrics.enabled) return undefined;
  return new ProxyMetrics({ labels: new ModelLabels(knownModels, config.metrics.max_model_labels), inFlight });
}
