import { boolean, number, object, optional, record, section } from "../config/validate.js";
import type { ModelPrice } from "./pricing-table.js";

export interface MetricsConfig {
  /** Serve `GET /metrics` and record every request. */
  enabled: boolean;
  /**
   * How many model names beyond the priced and configured ones get their own `model` label
   * (first seen, first served); the rest are labelled `other`.
   */
  max_model_labels: number;
  /** How many API key names beyond the config's get their own `key` label; the rest are `other`. */
  max_key_labels: number;
}

export const metricsConfig = section({
  enabled: optional(boolean(), true),
  max_model_labels: optional(number({ min: 0, integer: true }), 100),
  max_key_labels: optional(number({ min: 0, integer: true }), 100),
});

const usdPerMillion = () => number({ min: 0 });

/** `pricing:`: USD per 1M tokens by model name (or `provider/model`). */
export const pricingConfig = optional(
  record(
    object({
      input: usdPerMillion(),
      output: usdPerMillion(),
      cached_input: optional(usdPerMillion()),
      cache_write: optional(usdPerMillion()),
    }),
  ),
  {},
);

/** Drops unset optional prices so they fall back to the input price. */
export function toModelPrices(
  raw: Record<string, { input: number; output: number; cached_input?: number; cache_write?: number }>,
): Record<string, ModelPrice> {
  const prices: Record<string, ModelPrice> = {};
  for (const [model, entry] of Object.entries(raw)) {
    const price: ModelPrice = { input: entry.input, output: entry.output };
    if (entry.cached_input !== undefined) price.cached_input = entry.cached_input;
    if (entry.cache_write !== undefined) price.cache_write = entry.cache_write;
    prices[model] = price;
  }
  return prices;
}
