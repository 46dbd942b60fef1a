import type { Config } from "./config/schema.js";
import type { Logger } from "./log.js";
import type { ChatObserver } from "./chat/outcome.js";
import { ModelResolver } from "./routing/resolve-model.js";
import { UpstreamClient } from "./upstream/client.js";
import { adapterFor } from "./providers/registry.js";
import type { ProviderAdapter, ProviderType } from "./providers/types.js";
import { ModelCatalog } from "./models/catalog.js";
import type { InlineImage } from "./providers/shared/data-url.js";
import { ImageFetcher } from "./images/fetch-image.js";

/** Everything a request handler needs, built once at start and shared by every request. */
export interface AppContext {
  config: Config;
  logger: Logger;
  resolver: ModelResolver;
  upstream: UpstreamClient;
  adapterFor(type: ProviderType): ProviderAdapter;
  models: ModelCatalog;
  /** Fetches http(s) images for providers that need bytes (see TranslationContext.fetchImage). */
  fetchImage(url: string, param: string): Promise<InlineImage>;
  observers: ChatObserver[];
  /** Dependencies /readyz checks (e.g. a shared cache store). */
  readinessChecks: ReadinessCheck[];
  /** Set on shutdown: /readyz turns 503 so load balancers stop sending traffic. */
  draining: boolean;
  close(): Promise<void>;
}

export interface ReadinessCheck {
  name: string;
  run(): Promise<boolean>;
}

export function createAppContext(config: Config, logger: Logger): AppContext {
  const resolver = new ModelResolver(config);
  const upstream = new UpstreamClient({
    maxConnectionsPerOrigin: config.upstream.max_connections_per_origin,
    keepAliveMs: config.upstream.keep_alive_ms,
  });
  const lookup = (type: ProviderType): ProviderAdapter => {
    const adapter = adapterFor(type);
    // Config validation refuses types without an adapter, so this is a programming error.
    if (!adapter) throw new Error(`no adapter for provider type ${type}`);
    return adapter;
  };
  const models = new ModelCatalog({ config, resolver, upstream, adapterFor: lookup, logger });
  const images = new ImageFetcher(config.images);
  return {
    config,
    logger,
    resolver,
    upstream,
    adapterFor: lookup,
    models,
    fetchImage: images.fetch,
    observers: [],
    readinessChecks: [],
    draining: false,
    close: async () => {
      await Promise.all([upstream.close(), images.close()]);
    },
  };
}

/** Every configured API key, for the logger's redactor. */
export function configuredSecrets(config: Config): string[] {
  return Object.values(config.providers).flatMap((provider) => (provider.api_key ? [provider.api_key] : []));
}
