import { Counter, Gauge, type Registry } from "prom-client";

/** What came of one upstream call. */
export const ATTEMPT_OUTCOMES = ["success", "retried", "failed_over", "failed", "cancelled"] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/**
 * The attempt loop's metrics, on the proxy's registry. Every request adds a success, so attempts
 * are tallied in plain numbers per provider and reach prom-client when scraped; fallbacks and
 * cooldowns happen only on failures and go to prom-client directly.
 */
export class ResilienceMetrics {
  private readonly attempts = new Map<string, Record<AttemptOutcome, number>>();
  private readonly fallbacks: Counter<"from_provider" | "to_provider">;
  private readonly cooldowns: Counter<"provider">;

  constructor(registry: Registry, cooling: () => Map<string, number>, providers: () => string[]) {
    const registers = [registry];
    const attempts = new Counter({
      name: "llm_proxy_upstream_attempts_total",
      help: "Upstream calls by what came of them: success (it answered), retried (the same target was tried again), failed_over (the next target was tried), failed (the client got the failure), cancelled (the client left).",
      labelNames: ["provider", "outcome"],
      registers,
      collect: () => {
        for (const [provider, counts] of this.attempts) {
          for (const outcome of ATTEMPT_OUTCOMES) {
            if (counts[outcome] === 0) continue;
            attempts.labels(provider, outcome).inc(counts[outcome]);
            counts[outcome] = 0;
          }
        }
      },
    });
    this.fallbacks = new Counter({
      name: "llm_proxy_fallbacks_total",
      help: "Requests that moved on from a failed target to the next one (another target of the route, a route fallback or a `models` entry).",
      labelNames: ["from_provider", "to_provider"],
      registers,
    });
    this.cooldowns = new Counter({
      name: "llm_proxy_cooldowns_total",
      help: "Times this replica took a target out of rotation (its failures, a failed probe, or a long Retry-After).",
      labelNames: ["provider"],
      registers,
    });
    new Gauge({
      name: "llm_proxy_targets_cooling_down",
      help: "Targets (provider and upstream model) out of rotation right now, as this replica knows it.",
      labelNames: ["provider"],
      registers,
      // Workers of one replica (--workers) share cooldowns through Redis, or each knows its own: not a sum.
      aggregator: "max",
      collect() {
        this.reset();
        const counts = cooling();
        for (const provider of providers()) this.labels(provider).set(counts.get(provider) ?? 0);
        for (const [provider, count] of counts) this.labels(provider).set(count);
      },
    });
  }

  attempt(provider: string, outcome: AttemptOutcome): void {
    let counts = this.attempts.get(provider);
    if (!counts) {
      counts = { success: 0, retried: 0, failed_over: 0, failed: 0, cancelled: 0 };
      this.attempts.set(provider, counts);
    }
    counts[outcome]++;
  }

  fallback(from: string, to: string): void {
    this.fallbacks.labels(from, to).inc();
  }

  cooldown(provider: string): void {
    this.cooldowns.labels(provider).inc();
  }
}
