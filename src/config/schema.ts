/**
 * The config file's shape, defaults and validation. See README "Configuration" for the user's
 * view; `config.yaml` at the repository root is the shipped example.
 */
import type { ProviderAdapter, ProviderConfig, ProviderType, Timeouts } from "../providers/types.js";
import { PROVIDER_TYPES } from "../providers/types.js";
import { isPlainObject } from "../lib/is-plain-object.js";
import { cacheConfig, withRedisUrl, type CacheConfig } from "../cache/config.js";
import { redisConfig, type RedisConfig } from "../redis/config.js";
import { authConfig, hasBudgets, limitsConfig, type AuthConfig, type LimitsConfig } from "../access/config.js";
import { stateConfig, withDefaultUrl, type StateConfig } from "../state/config.js";
import { metricsConfig, pricingConfig, toModelPrices, type MetricsConfig } from "../metrics/config.js";
import type { ModelPrice } from "../metrics/pricing-table.js";
import { policyConfig, type PolicyConfig } from "../policy/config.js";
import { cooldownConfig, retryConfig, type CooldownConfig, type RetryConfig } from "../resilience/config.js";
import { responsesConfig, type ResponsesConfig } from "../responses/config.js";
import { routeConfig, type RouteConfig } from "../routing/route-config.js";
import type { MissingVariable } from "./interpolate.js";
import {
  ConfigError,
  boolean,
  byteSize,
  httpUrl,
  joinPath,
  list,
  number,
  object,
  oneOf,
  optional,
  record,
  section,
  string,
} from "./validate.js";

/** Defined with the provider contract (which must not depend on the config); re-exported for the config's users. */
export type { ProviderConfig, Timeouts };
export type { RouteConfig };

/** Fetching http(s) image URLs for providers that need the bytes (see src/images/). */
export interface ImagesConfig {
  max_bytes: number;
  /** Image URLs one request may name. */
  max_per_request: number;
  /** Bytes all images of one request may add up to. */
  max_total_bytes: number;
  /** The whole fetch, redirects and body included. */
  timeout_ms: number;
  max_redirects: number;
  /** Hosts exempt from the private-address refusal (`*.example.com` covers subdomains). */
  allow_hosts: string[];
}

export interface Config {
  server: { max_body_size: number };
  upstream: {
    timeouts: Timeouts;
    /** undefined: no bound (streams never wait for a connection). */
    max_connections_per_origin: number | undefined;
    keep_alive_ms: number;
    /** Offer HTTP/2 to TLS upstreams. */
    http2: boolean;
  };
  models: { cache_seconds: number };
  log_level: "debug" | "info" | "warn" | "error";
  images: ImagesConfig;
  providers: Record<string, ProviderConfig>;
  routes: RouteConfig[];
  policy: PolicyConfig;
  retry: RetryConfig;
  cooldown: CooldownConfig;
  cache: CacheConfig;
  /** The Redis replicas share (rate windows, spend, cooldowns); its url is absent when there is none. */
  redis: RedisConfig;
  metrics: MetricsConfig;
  /** What `POST /v1/responses` keeps of the responses it stores. */
  responses: ResponsesConfig;
  /** API keys; undefined: the proxy is open. */
  auth: AuthConfig | undefined;
  limits: LimitsConfig;
  state: StateConfig;
  /** USD per 1M tokens by model, over the built-in prices. */
  pricing: Record<string, ModelPrice>;
  /** Prices in LiteLLM's model_prices_and_context_window.json format (a path). */
  pricing_file: string | undefined;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connect_ms: 10_000, first_byte_ms: 600_000, idle_ms: 600_000 };
const PROVIDER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const positiveMs = () => number({ min: 1, integer: true });
const timeoutsShape = {
  connect_ms: optional(positiveMs()),
  first_byte_ms: optional(positiveMs()),
  idle_ms: optional(positiveMs()),
};

const topLevel = object({
  server: section({ max_body_size: optional(byteSize(), 20 * 1024 * 1024) }),
  upstream: section({
    timeouts: optional(object(timeoutsShape)),
    max_connections_per_origin: optional(number({ min: 1, integer: true })),
    keep_alive_ms: optional(positiveMs(), 60_000),
    http2: optional(boolean(), false),
  }),
  models: section({ cache_seconds: optional(number({ min: 0 }), 60) }),
  log_level: optional(oneOf("debug", "info", "warn", "error"), "info"),
  images: section({
    max_bytes: optional(byteSize(), 10 * 1024 * 1024),
    max_per_request: optional(number({ min: 1, integer: true }), 16),
    max_total_bytes: optional(byteSize(), 32 * 1024 * 1024),
    timeout_ms: optional(positiveMs(), 10_000),
    max_redirects: optional(number({ min: 0, integer: true }), 3),
    allow_hosts: optional(list(string({ nonEmpty: true })), []),
  }),
  providers: optional((value, path) => record((v) => v, PROVIDER_NAME)(value, path), {}),
  routes: optional(
    list((v) => v),
    [],
  ),
  policy: policyConfig,
  retry: retryConfig,
  cooldown: cooldownConfig,
  cache: cacheConfig,
  redis: redisConfig,
  metrics: metricsConfig,
  responses: responsesConfig,
  auth: authConfig,
  limits: limitsConfig,
  state: stateConfig,
  pricing: pricingConfig,
  pricing_file: optional(string({ nonEmpty: true })),
});

const providerShape = {
  type: oneOf(...PROVIDER_TYPES),
  base_url: optional(httpUrl()),
  api_key: optional(string()),
  headers: optional(record(string(), HEADER_NAME), {}),
  models: optional(list(string({ nonEmpty: true }))),
  timeouts: optional(object(timeoutsShape)),
  options: optional((v: unknown) => v),
};

export type AdapterLookup = (type: ProviderType) => ProviderAdapter;

/**
 * Validates an interpolated config tree. `missing` lists variables that were unset: an unset
 * `api_key` variable leaves that provider keyless (its requests get a 401 naming the variable);
 * anywhere else it is a start-up error.
 */
export function parseConfig(tree: unknown, missing: MissingVariable[], adapterFor: AdapterLookup): Config {
  const missingKeyVars = new Map<string, string>();
  for (const entry of missing) {
    const keyOf = /^providers\.([^.]+)\.api_key$/.exec(entry.path);
    if (keyOf) missingKeyVars.set(keyOf[1]!, entry.names[0]!);
    else
      throw new ConfigError(
        entry.path,
        `environment variable ${entry.names.join(", ")} is not set (use \${${entry.names[0]}:-default} to give a default)`,
      );
  }

  const raw = topLevel(tree, "");
  const globalTimeouts: Timeouts = { ...DEFAULT_TIMEOUTS, ...definedOnly(raw.upstream.timeouts) };

  const providers: Record<string, ProviderConfig> = {};
  for (const [name, value] of Object.entries(raw.providers)) {
    const path = joinPath("providers", name);
    if (!isPlainObject(value)) throw new ConfigError(path, "must be a mapping with at least a type");
    const entry = object(providerShape)(value, path);
    const adapter = adapterFor(entry.type);
    const baseUrl = entry.base_url ?? adapter.defaultBaseUrl;
    if (!baseUrl) throw new ConfigError(joinPath(path, "base_url"), `is required for providers of type ${entry.type}`);
    const missingVar = missingKeyVars.get(name);
    const apiKey = missingVar || !entry.api_key ? undefined : entry.api_key;
    providers[name] = {
      name,
      type: entry.type,
      base_url: baseUrl,
      api_key: apiKey,
      api_key_env: missingVar,
      headers: entry.headers,
      models: entry.models,
      timeouts: { ...globalTimeouts, ...definedOnly(entry.timeouts) },
      options: adapter.options ? adapter.options(entry.options, joinPath(path, "options")) : rejectOptions(entry.options, path),
    };
  }

  const route = routeConfig(providers, raw.retry);
  const routes = raw.routes.map((value, index) => route(value, joinPath("routes", index)));

  return {
    server: raw.server,
    upstream: {
      timeouts: globalTimeouts,
      max_connections_per_origin: raw.upstream.max_connections_per_origin,
      keep_alive_ms: raw.upstream.keep_alive_ms,
      http2: raw.upstream.http2,
    },
    models: raw.models,
    log_level: raw.log_level,
    images: raw.images,
    providers,
    routes,
    policy: raw.policy,
    retry: raw.retry,
    cooldown: raw.cooldown,
    cache: withRedisUrl(raw.cache, raw.redis.url),
    redis: raw.redis,
    metrics: raw.metrics,
    responses: raw.responses,
    auth: raw.auth,
    limits: raw.limits,
    state: withDefaultUrl(raw.state, hasBudgets(raw.auth)),
    pricing: toModelPrices(raw.pricing),
    pricing_file: raw.pricing_file,
  };
}

function rejectOptions(options: unknown, path: string): undefined {
  if (options !== undefined) throw new ConfigError(joinPath(path, "options"), "this provider type takes no options");
  return undefined;
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
