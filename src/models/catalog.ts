import type { Logger } from "../log.js";
import type { ProviderAdapter, ProviderConfig, ProviderType, UpstreamModel } from "../providers/types.js";
import type { ConfigSnapshot } from "../snapshot.js";
import type { UpstreamClient } from "../upstream/client.js";
import { providerFetch } from "../upstream/provider-fetch.js";

/** One entry of OpenAI's `GET /v1/models` list. */
export interface ModelEntry {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

interface CachedListing {
  expiresAt: number;
  models: Promise<UpstreamModel[]>;
}

export interface ModelCatalogDeps {
  /** The running config (it may be reloaded between two listings). */
  snapshot(): ConfigSnapshot;
  upstream: UpstreamClient;
  adapterFor(type: ProviderType): ProviderAdapter;
  logger: Logger;
  now?: () => number;
}

/**
 * The proxy's model list: each provider's configured `models` merged with its live listing,
 * cached for `models.cache_seconds`. A provider whose listing fails (or whose key is unset) simply
 * contributes its configured models; the list as a whole never fails. Ids are shown in the form
 * a client can send back: the bare name when it routes to that provider, else `provider/model`.
 */
export class ModelCatalog {
  private readonly deps: ModelCatalogDeps;
  /** By provider config: a reloaded provider (its URL or key may have changed) is listed afresh. */
  private readonly listings = new WeakMap<ProviderConfig, CachedListing>();
  /** Providers whose last listing failed: logged when they start failing and when they recover. */
  private readonly failing = new Set<string>();
  private readonly now: () => number;

  constructor(deps: ModelCatalogDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
  }

  async list(): Promise<ModelEntry[]> {
    const snapshot = this.deps.snapshot();
    const providers = Object.values(snapshot.config.providers);
    const listings = await Promise.all(providers.map((provider) => this.liveModels(provider, snapshot.config.models.cache_seconds)));
    const seen = new Set<string>();
    const entries: ModelEntry[] = [];
    providers.forEach((provider, index) => {
      const configured: UpstreamModel[] = (provider.models ?? []).map((id) => ({ id }));
      for (const model of [...configured, ...listings[index]!]) {
        const id = snapshot.resolver.reachesAsIs(model.id, provider) ? model.id : `${provider.name}/${model.id}`;
        if (seen.has(id)) continue;
        seen.add(id);
        entries.push({ id, object: "model", created: model.created ?? 0, owned_by: model.owned_by ?? provider.name });
      }
    });
    return entries;
  }

  private liveModels(provider: ProviderConfig, cacheSeconds: number): Promise<UpstreamModel[]> {
    const adapter = this.deps.adapterFor(provider.type);
    if (!adapter.listModels || provider.api_key_env) return Promise.resolve([]);
    const cached = this.listings.get(provider);
    if (cached && cached.expiresAt > this.now()) return cached.models;
    const { logger } = this.deps;
    const models = adapter.listModels(provider, providerFetch(this.deps.upstream, provider, adapter.auth)).then(
      (list) => {
        if (this.failing.delete(provider.name)) logger.info("model listing recovered", { provider: provider.name });
        return list;
      },
      (error: unknown) => {
        const first = !this.failing.has(provider.name);
        this.failing.add(provider.name);
        const log = first ? logger.warn : logger.debug;
        log("model listing failed; the provider's configured models are still listed", { provider: provider.name, error });
        return [];
      },
    );
    this.listings.set(provider, { expiresAt: this.now() + cacheSeconds * 1000, models });
    return models;
  }

  /** Drops a provider's cached listing (its models changed: an Ollama pull or delete), so the next list reads it live. */
  forget(provider: ProviderConfig): void {
    this.listings.delete(provider);
  }
}
