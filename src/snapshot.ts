import { createHash } from "node:crypto";
import { canonicalJson } from "./cache/key.js";
import type { Config } from "./config/schema.js";
import { readPricingFile } from "./metrics/pricing-file.js";
import { PriceBook } from "./metrics/pricing.js";
import { ModelPolicy } from "./policy/model-policy.js";
import { ModelResolver } from "./routing/resolve-model.js";

/**
 * Everything a request derives from the config, built once per config and swapped whole on reload:
 * a request reads the current snapshot once when it arrives and keeps it to the end, so a reload
 * never changes the rules halfway through a request.
 */
export interface ConfigSnapshot {
  /** A short hash of the validated config, shown by /readyz and logged on reload. */
  readonly version: string;
  readonly config: Config;
  readonly resolver: ModelResolver;
  /** The model-family parameter policy (o-series, gpt-5, gpt-4.1, legacy). */
  readonly policy: ModelPolicy;
  readonly prices: PriceBook;
  /** Model names the config or the price table names: they always get their own metric label. */
  readonly knownModels: ReadonlySet<string>;
}

/** Builds a snapshot; throws (a ConfigError from the pricing file) before anything is swapped. */
export function buildSnapshot(config: Config): ConfigSnapshot {
  const prices = new PriceBook(config.pricing_file ? readPricingFile(config.pricing_file) : {}, config.pricing);
  return {
    version: configVersion(config),
    config,
    resolver: new ModelResolver(config),
    policy: new ModelPolicy(config.policy),
    prices,
    knownModels: new Set([...prices.names(), ...configuredModels(config)]),
  };
}

/** The first 12 hex digits of the SHA-256 of the validated config in canonical form. */
export function configVersion(config: Config): string {
  return createHash("sha256").update(canonicalJson(config)).digest("hex").slice(0, 12);
}

/** Model names the config itself mentions: listed models, route targets and glob-free route matches. */
function configuredModels(config: Config): string[] {
  const models = Object.values(config.providers).flatMap((provider) => provider.models ?? []);
  for (const route of config.routes) {
    for (const { model } of route.targets ?? [route]) {
      if (model) models.push(model);
      else if (!/[*?]/.test(route.match)) models.push(route.match);
    }
  }
  return models;
}
