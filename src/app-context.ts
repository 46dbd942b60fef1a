import type { Config } from "./config/schema.js";
import type { Logger } from "./log.js";
import type { OutcomeObserver } from "./pipeline/outcome.js";
import { UpstreamClient } from "./upstream/client.js";
import { adapterFor } from "./providers/registry.js";
import type { ProviderAdapter, ProviderType } from "./providers/types.js";
import { ModelCatalog } from "./models/catalog.js";
import { createResponseCache, type ResponseCache } from "./cache/response-cache.js";
import { createProxyMetrics } from "./metrics/create-metrics.js";
import type { ProxyMetrics } from "./metrics/proxy-metrics.js";
import { ImageFetcher } from "./images/fetch-image.js";
import type { RawImageFetch } from "./images/image-budget.js";
import { buildSnapshot, type ConfigSnapshot } from "./snapshot.js";
import { restartOnlyChanges } from "./config/restart-only.js";
import { RedisConnection } from "./redis/connection.js";
import { createResilience, type Resilience } from "./resilience/resilience.js";
import { createResponseStore } from "./responses/store/create.js";
import type { ResponseStore } from "./responses/store/types.js";
import { AccessControl, accessConfigured, accessSecrets } from "./access/access-control.js";
import { openStateStore, type StateStore } from "./state/store.js";
import { registerUpstreamMetrics } from "./upstream/metrics.js";
import { composeConfig, type ComposedConfig } from "./live-config/compose.js";
import { LiveConfig } from "./live-config/live-config.js";
import { EMPTY_STORED_STATE, type StoredState } from "./live-config/stored-state.js";
import { SecretBox } from "./state/secret-box.js";
import { isSecretHeader } from "./lib/secret-header.js";
import { UsageLedger } from "./usage/ledger.js";
import { UsageRecords } from "./state/usage.js";

/** Everything a request handler needs, built once at start and shared by every request. */
export interface AppContext {
  /** The running config and what derives from it; swapped whole by `reload`. Read it once per request. */
  readonly snapshot: ConfigSnapshot;
  /** What the running config was built from: config.yaml, the stored providers and overrides, every provider by name. */
  readonly composed: ComposedConfig;
  /** Keeps the stored providers in step on every replica; undefined without a state store (open once `start` has run). */
  readonly live: LiveConfig | undefined;
  /** Seals the provider keys the admin API stores; undefined without `state.secret`. */
  readonly secrets: SecretBox | undefined;
  /** Traffic by hour, key, provider and model for the admin API's usage report; undefined without a state store. */
  readonly usage: UsageLedger | undefined;
  logger: Logger;
  upstream: UpstreamClient;
  adapterFor(type: ProviderType): ProviderAdapter;
  models: ModelCatalog;
  /** The response cache; undefined when `cache.mode` is off. */
  cache: ResponseCache | undefined;
  /** The Redis replicas share (`redis.url`); undefined without one. */
  redis: RedisConnection | undefined;
  /**
   * Responses kept by `POST /v1/responses` (`store`), for `GET /v1/responses/{id}` and
   * `previous_response_id`: in the state store once `start` opened one, else in memory.
   */
  readonly responseStore: ResponseStore;
  /** API keys, rate limits and budgets; undefined when the config has neither `auth` nor `limits`. */
  access: AccessControl | undefined;
  /** The state store (`state.url`), open once `start` has run; undefined when the config needs none. */
  readonly state: StateStore | undefined;
  /** Prometheus metrics; undefined when `metrics.enabled` is false. */
  metrics: ProxyMetrics | undefined;
  /** Cooldowns and the attempt loop's metrics (src/resilience/). */
  resilience: Resilience;
  /** Requests being served right now. */
  inFlightRequests: number;
  /** Providers whose last complete stream reported usage (their streams need not be kept to count tokens). */
  streamUsageSeen: Set<string>;
  /**
   * Fetches one http(s) image for providers that need bytes; requests reach it through their
   * own ImageBudget (see TranslationContext.fetchImage).
   */
  fetchImage: RawImageFetch;
  observers: OutcomeObserver[];
  /** Dependencies /readyz checks (e.g. a shared cache store). */
  readinessChecks: ReadinessCheck[];
  /** Set on shutdown: /readyz turns 503 so load balancers stop sending traffic. */
  draining: boolean;
  /**
   * Makes `config` (the file's) the running config for every request that arrives from now on,
   * with the stored providers and overrides over it; requests in flight finish on the snapshot they
   * began with. Settings that only take effect at start are named in the answer (and keep their
   * running values). Throws, changing nothing, when a file the config names cannot be read.
   */
  reload(config: Config): { version: string; restartNeeded: string[] };
  /** The same for a changed stored state (the admin API, another replica): rebuilt over the file's config. */
  useStoredState(stored: StoredState): { version: string };
  /** Opens what needs I/O before the first request (the state store, and what reads from it); throws when it cannot. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface ReadinessCheck {
  name: string;
  run(): Promise<boolean>;
  /** Whether the proxy cannot serve without it; a failing non-critical check only degrades /readyz. */
  critical: boolean;
}

export function createAppContext(config: Config, logger: Logger): AppContext {
  let composed = composeConfig(config, EMPTY_STORED_STATE, adapterFor, process.env);
  let snapshot = buildSnapshot(composed.config);
  const upstream = new UpstreamClient({
    maxConnectionsPerOrigin: config.upstream.max_connections_per_origin,
    keepAliveMs: config.upstream.keep_alive_ms,
    http2: config.upstream.http2,
  });
  const models = new ModelCatalog({ snapshot: () => app.snapshot, upstream, adapterFor, logger });
  const metrics = createProxyMetrics(config, snapshot.knownModels, () => app.inFlightRequests);
  if (metrics) registerUpstreamMetrics(metrics.registry, upstream);
  const cache = createResponseCache(config.cache, logger, (store, operation) => metrics?.cacheFailure(store, operation));
  const readinessChecks: ReadinessCheck[] = [];
  // Requests are served uncached while the shared cache is down: not a reason to take traffic away.
  if (cache?.store.name === "redis") readinessChecks.push({ name: "cache", run: () => cache.store.ping(), critical: false });
  const redis = config.redis.url
    ? new RedisConnection({ url: config.redis.url, timeoutMs: config.redis.timeout_ms, keyPrefix: config.redis.key_prefix })
    : undefined;
  // Each feature on the shared Redis decides how to serve while it is down: degraded, not unready.
  if (redis) readinessChecks.push({ name: "redis", run: () => redis.ping(), critical: false });
  const images = new ImageFetcher(config.images, { logger });
  const resilience = createResilience({ snapshot: () => app.snapshot, redis, registry: metrics?.registry });
  const access = accessConfigured(config) ? new AccessControl(config, { logger, redis, registry: metrics?.registry }) : undefined;
  let state: StateStore | undefined;
  let live: LiveConfig | undefined;
  let secrets: SecretBox | undefined;
  let usage: UsageLedger | undefined;
  let responseStore = createResponseStore(config, undefined, logger);
  // Spend waits in memory while the state store is down, and keys read last stay valid: degraded, not unready.
  if (config.state.url) readinessChecks.push({ name: "state", run: async () => (state ? state.ping() : false), critical: false });
  const observers = metrics ? [metrics.observe] : [];
  if (access?.metrics) observers.push(access.metrics.observe);

  /** Builds the running config from its two sources and swaps it in; throws, changing nothing, when it cannot be built. */
  const swap = (file: Config, stored: StoredState): ConfigSnapshot => {
    const next = composeConfig(file, stored, adapterFor, process.env);
    const built = buildSnapshot(next.config);
    for (const problem of next.problems) if (!composed.problems.includes(problem)) logger.warn(problem);
    logger.addSecrets(configuredSecrets(next.config));
    composed = next;
    snapshot = built;
    metrics?.useKnownModels(built.knownModels);
    access?.useConfig(next.config);
    return built;
  };
  const app: AppContext = {
    get snapshot() {
      return snapshot;
    },
    get composed() {
      return composed;
    },
    get live() {
      return live;
    },
    get secrets() {
      return secrets;
    },
    get usage() {
      return usage;
    },
    logger,
    upstream,
    adapterFor,
    models,
    cache,
    redis,
    get responseStore() {
      return responseStore;
    },
    access,
    get state() {
      return state;
    },
    metrics,
    resilience,
    inFlightRequests: 0,
    streamUsageSeen: new Set(),
    fetchImage: images.fetch,
    observers,
    readinessChecks,
    draining: false,
    reload(next) {
      const restartNeeded = restartOnlyChanges(config, next);
      return { version: swap(next, composed.stored).version, restartNeeded };
    },
    useStoredState(stored) {
      return { version: swap(composed.file, stored).version };
    },
    async start() {
      if (config.state.url) state = await openStateStore(config.state.url);
      if (state) responseStore = createResponseStore(config, state, logger);
      await access?.start(state);
      if (!state || !config.state.url) return;
      usage = new UsageLedger(new UsageRecords(state.db), logger);
      usage.start(config.state.flush_seconds);
      observers.push(usage.observe);
      if (config.state.secret) secrets = await SecretBox.fromSecret(config.state.secret);
      live = new LiveConfig({
        store: state,
        stateUrl: config.state.url,
        box: secrets,
        redis,
        logger,
        pollSeconds: config.state.poll_seconds,
        apply: (stored) => void app.useStoredState(stored),
        refreshKeys: () => access?.refreshKeys() ?? Promise.resolve(),
      });
      await live.start();
    },
    close: async () => {
      resilience.close();
      await live?.close();
      await Promise.all([upstream.close(), cache?.close(), images.close(), access?.close(), usage?.close(), responseStore.close()]);
      await state?.close();
      redis?.close();
    },
  };
  return app;
}

/** Every configured API key (the providers' and the clients'), secret header, Redis and database password, for the logger's redactor. */
export function configuredSecrets(config: Config): string[] {
  const secrets = Object.values(config.providers).flatMap((provider) => [
    ...(provider.api_key ? [provider.api_key] : []),
    ...Object.entries(provider.headers).flatMap(([name, value]) => (isSecretHeader(name) ? [value] : [])),
  ]);
  secrets.push(...accessSecrets(config));
  for (const url of [config.cache.redis_url, config.redis.url]) {
    const password = url ? URL.parse(url)?.password : undefined;
    if (password) secrets.push(decodeURIComponent(password));
  }
  return secrets;
}
