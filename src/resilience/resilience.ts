import type { Registry } from "prom-client";
import type { RedisConnection } from "../redis/connection.js";
import type { ConfigSnapshot } from "../snapshot.js";
import { Cooldowns } from "./cooldowns.js";
import { ResilienceMetrics } from "./metrics.js";
import { pollSharedCooldowns, RedisCooldowns } from "./redis-cooldowns.js";

/** What outlives a request in the attempt loop: the cooldowns and the loop's metrics. */
export interface Resilience {
  readonly cooldowns: Cooldowns;
  /** Undefined when metrics are off. */
  readonly metrics: ResilienceMetrics | undefined;
  close(): void;
}

export interface ResilienceOptions {
  /** The running config (cooldown settings follow reloads). */
  snapshot: () => ConfigSnapshot;
  /** With the shared Redis, replicas share cooldowns. */
  redis: RedisConnection | undefined;
  /** The proxy's metrics registry; undefined when metrics are off. */
  registry: Registry | undefined;
}

export function createResilience({ snapshot, redis, registry }: ResilienceOptions): Resilience {
  let metrics: ResilienceMetrics | undefined;
  const shared = redis ? new RedisCooldowns(redis) : undefined;
  const cooldowns = new Cooldowns(shared, (provider) => metrics?.cooldown(provider));
  if (registry) {
    metrics = new ResilienceMetrics(
      registry,
      () => cooldowns.coolingByProvider(),
      () => Object.keys(snapshot().config.providers),
    );
  }
  const stopPolling = shared ? pollSharedCooldowns(shared, cooldowns, () => snapshot().config.cooldown) : undefined;
  return { cooldowns, metrics, close: () => stopPolling?.() };
}
