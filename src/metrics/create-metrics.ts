import type { Config } from "../config/schema.js";
import type { Logger } from "../log.js";
import { ModelLabels } from "./model-labels.js";
import { PriceBook } from "./pricing.js";
import { readPricingFile } from "./pricing-file.js";
import { ProxyMetrics } from "./proxy-metrics.js";

/** Builds the metrics of one proxy from its config; undefined when metrics are turned off. */
export function createProxyMetrics(config: Config, logger: Logger, inFlight: () => number): ProxyMetrics | undefined {
  if (!config.metrics.enabled) return undefined;
  const prices = new PriceBook(config.pricing_file ? readPricingFile(config.pricing_file) : {}, config.pricing);
  const labels = new ModelLabels(new Set([...prices.names(), ...configuredModels(config)]), config.metrics.max_model_labels);
  return new ProxyMetrics({ prices, labels, inFlight, logger });
}

/** Model names the config itself mentions: listed models, route targets and glob-free route matches. */
function configuredModels(config: Config): string[] {
  const models = Object.values(config.providers).flatMap((provider) => provider.models ?? []);
  for (const route of config.routes) {
    if (route.model) models.push(route.model);
    else if (!/[*?]/.test(route.match)) models.push(route.match);
  }
  return models;
}
