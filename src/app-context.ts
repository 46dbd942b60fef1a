import type { Config } from "./config/schema.js";
import type { Logger } from "./log.js";
import type { ChatObserver } from "./chat/outcome.js";
import { ModelResolver } from "./routing/resolve-model.js";
import { UpstreamClient } from "./upstream/client.js";
import { adapterFor } from "./providers/registry.js";
import type { ProviderAdapter, ProviderType } from "./providers/types.js";
import { ModelCatalog } from "./models/catalog.js";
import { ModelPolicy } from "./policy/model-policy.js";
import { createResponseCache, type ResponseCache } from "./cache/response-cache.js";
import { createProxyMetrics } from "./metrics/create-metrics.js";
import type { ProxyMetrics } from "./metrics/proxy-metrics.js";
import { ImageFetcher } from "./images/fetch-image.js";
import type { RawImageFetch } from "./images/image-budget.js";

/** Everything a request handler needs, built once at start and shared by every request. */
export interface AppContext {
  config: Config;
  logger: Logger;
  resolver: ModelResolver;
  upstream: UpstreamClient;
  adapterFor(type: ProviderType): ProviderAdapter;
  models: ModelCatalog;
  /** The model-family parameter policy (o-series, gpt-5, gpt-4.1, legacy). */
  policy: ModelPolicy;
  /** The response cache; undefined when `cache.mode` is off. */
  cache: ResponseCache | undefined;
  /** Prometheus metrics; undefined when `metrics.enabled` is false. */
  metrics: ProxyMetrics | undefined;
  /** Chat requests being served right now. */
  inFlightRequests: number;
  /** Providers whose last complete stream reported usage (their streams need not be kept to count tokens). */
  streamUsageSeen: Set<string>;
  /**
   * Fetches one http(s) image for providers that need bytes; requests reach it through their
   * own ImageBudget (see TranslationContext.fetchImage).
   */
  fetchImage: RawImageFetch;
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
  /** Whether the proxy cannot serve without it; a failing non-critical check only degrades /readyz. */
  critical: boolean;
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
  const metrics = createProxyMetrics(config, logger, () => app.inFlightRequests);
  const cache = createResponseCache(config.cache, logger, (store, operation) => metrics?.cacheFailure(store, operation));
  const readinessChecks: ReadinessCheck[] = [];
  // Requests are served uncached while the shared cache is down: not a reason to take traffic away.
  if (cache?.store.name === "redis") readinessChecks.push({ name: "cache", run: () => cache.store.ping(), critical: false });
  const images = new ImageFetcher(config.images, { logger });
  const app: AppContext = {
    config,
    logger,
    resolver,
    upstream,
    adapterFor: lookup,
    models,
    policy: new ModelPolicy(config.policy),
    cache,
    metrics,
    inFlightRequests: 0,
    streamUsageSeen: new Set(),
    fetchImage: images.fetch,
    observers: metrics ? [metrics.observe] : [],
    readinessChecks,
    draining: false,
    close: async () => {
      await Promise.all([upstream.close(), cache?.close(), images.close()]);
    },
  };
  return app;
}

/** Every configured API key and the Redis password, for the logger's redactor. */
export function configuredSecrets(config: Config): string[] {
  const secrets = Object.values(config.providers).flatMap((provider) => (provider.api_key ? [provider.api_key] : []));
  const redisPassword = config.cache.redis_url ? URL.parse(config.cache.redis_url)?.password : undefined;
  if (redisPassword) secrets.push(decodeURIComponent(redisPassword));
  return secrets;
}
