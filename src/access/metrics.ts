import { Counter, type Registry } from "prom-client";
import { TOKEN_TYPES, type TokenType } from "../metrics/cost.js";
import { ModelLabels } from "../metrics/model-labels.js";
import type { RequestOutcome } from "../pipeline/outcome.js";
import type { RefusalReason } from "./refusals.js";

/** One key's counts, added up in plain numbers and handed to prom-client when /metrics is scraped. */
interface KeySeries {
  key: string;
  requests: Map<number, number>;
  tokens: Record<TokenType, number>;
  usd: number;
}

/**
 * Metrics per API key name, on the proxy's registry: requests, tokens, dollars (the account
 * stage's figures), refusals by reason, and failures of the limit store. Key names come from the
 * config and the state store, never from clients; they are bounded all the same, like model names:
 * the config's keys always get their own label, the first `max_key_labels` others too, the rest `other`.
 */
export class AccessMetrics {
  private readonly series = new Map<string, KeySeries>();
  private readonly labels: ModelLabels;
  private readonly requests: Counter<"key" | "status_code">;
  private readonly tokens: Counter<"key" | "type">;
  private readonly cost: Counter<"key">;
  private readonly refusals: Counter<"key" | "reason">;
  private readonly storeErrors: Counter<"store" | "operation">;

  constructor(
    registry: Registry,
    knownKeys: ReadonlySet<string>,
    maxLabels: number,
    private readonly storeName: string,
  ) {
    this.labels = new ModelLabels(knownKeys, maxLabels);
    const registers = [registry];
    const collect = () => this.flush();
    this.requests = new Counter({
      name: "llm_proxy_key_requests_total",
      help: "Requests by API key name and HTTP status.",
      labelNames: ["key", "status_code"],
      registers,
      collect,
    });
    this.tokens = new Counter({
      name: "llm_proxy_key_tokens_total",
      help: "Tokens consumed upstream by API key name and type (as llm_proxy_tokens_total).",
      labelNames: ["key", "type"],
      registers,
      collect,
    });
    this.cost = new Counter({
      name: "llm_proxy_key_cost_usd_total",
      help: "US dollars spent upstream by API key name, at the configured prices (what budgets count).",
      labelNames: ["key"],
      registers,
      collect,
    });
    this.refusals = new Counter({
      name: "llm_proxy_key_refusals_total",
      help: "Requests refused by the proxy's access rules, by API key name (unknown: no valid key) and reason.",
      labelNames: ["key", "reason"],
      registers,
    });
    this.storeErrors = new Counter({
      name: "llm_proxy_limit_store_errors_total",
      help: "Limit store operations that failed (admit: the request was served without limits, or refused when limits.fail_open is false).",
      labelNames: ["store", "operation"],
      registers,
    });
  }

  /** The OutcomeObserver: counts a finished request of a known key. */
  readonly observe = (outcome: RequestOutcome): void => {
    if (outcome.key === undefined) return;
    const series = this.seriesFor(this.labels.label(outcome.key, true));
    series.requests.set(outcome.status, (series.requests.get(outcome.status) ?? 0) + 1);
    if (!outcome.tokens || outcome.cache === "hit") return;
    for (const type of TOKEN_TYPES) series.tokens[type] += outcome.tokens[type];
    series.usd += outcome.costUsd ?? 0;
  };

  refused(key: string, reason: RefusalReason): void {
    const label = key === "none" ? "unknown" : this.labels.label(key, true);
    this.refusals.labels(label, reason).inc();
  }

  storeFailure(operation: "admit" | "settle"): void {
    this.storeErrors.labels(this.storeName, operation).inc();
  }

  /** After a reload or a refresh of the virtual keys: the names that always get their own label. */
  useKnownKeys(known: ReadonlySet<string>): void {
    this.labels.useKnown(known);
  }

  private seriesFor(key: string): KeySeries {
    let series = this.series.get(key);
    if (!series) {
      const tokens = Object.fromEntries(TOKEN_TYPES.map((type) => [type, 0])) as Record<TokenType, number>;
      this.series.set(key, (series = { key, requests: new Map(), tokens, usd: 0 }));
    }
    return series;
  }

  private flush(): void {
    for (const series of this.series.values()) {
      for (const [status, count] of series.requests) if (count > 0) this.requests.labels(series.key, String(status)).inc(count);
      series.requests.clear();
      for (const type of TOKEN_TYPES) {
        if (series.tokens[type] > 0) this.tokens.labels(series.key, type).inc(series.tokens[type]);
        series.tokens[type] = 0;
      }
      if (series.usd > 0) this.cost.labels(series.key).inc(series.usd);
      series.usd = 0;
    }
  }
}
