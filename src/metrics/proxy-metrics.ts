import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import type { RequestOutcome } from "../pipeline/outcome.js";
import { TOKEN_TYPES, type TokenCounts, type TokenType } from "./cost.js";
import { TalliedHistogram, type HistogramSeries } from "./tallied-histogram.js";
import type { ModelLabels } from "./model-labels.js";

/** LLM calls take from tens of milliseconds (a cache hit, a tiny model) to minutes (reasoning). */
const DURATION_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600];
const TTFT_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20, 30, 60, 120, 300, 600];

type Inc = { inc(value?: number): void };

/**
 * A counter child whose increments add up in a plain number until a scrape reads them. prom-client
 * hashes the label set on every `inc` (a third of a microsecond each, several per request); this
 * way a request pays for additions only and each series is hashed once per scrape.
 */
class Tally {
  value = 0;
  constructor(readonly child: Inc) {}
}

/** The counters and histograms of one provider × model pair, made once and reused by every request. */
interface Series {
  provider: string;
  model: string;
  /** By status code, then cache result. */
  requests: Map<number, Map<string, Tally>>;
  tokens: Record<TokenType, Tally>;
  estimated: Record<TokenType, Tally>;
  unpriced: Record<TokenType, Tally>;
  cost: Tally;
  saved: Tally;
  duration: HistogramSeries;
  ttft: HistogramSeries;
}

export interface ProxyMetricsOptions {
  labels: ModelLabels;
  /** Requests being served right now. */
  inFlight: () => number;
}

/**
 * The proxy's Prometheus metrics, in a registry of its own (several proxies can share a process).
 * Fed one RequestOutcome per request, accounted already (tokens and dollars are the account
 * stage's figures: no cost logic lives here); names and labels are a contract (README "Metrics").
 */
export class ProxyMetrics {
  readonly registry = new Registry();
  /** What `/metrics` serves: this process's registry, or, in a worker of `--workers`, the sum over every worker. */
  exposition: () => Promise<string> = () => this.registry.metrics();
  /** By provider, then model label. */
  private readonly series = new Map<string, Map<string, Series>>();
  private readonly upstreamErrorChildren = new Map<string, Tally>();
  private readonly tallies: Tally[] = [];
  private readonly requests: Counter<"provider" | "model" | "status_code" | "cache">;
  private readonly tokens: Counter<"provider" | "model" | "type">;
  private readonly estimatedTokens: Counter<"provider" | "model" | "type">;
  private readonly unpricedTokens: Counter<"provider" | "model" | "type">;
  private readonly cost: Counter<"provider" | "model">;
  private readonly saved: Counter<"provider" | "model">;
  private readonly duration: TalliedHistogram;
  private readonly ttft: TalliedHistogram;
  private readonly upstreamErrors: Counter<"provider" | "error_type">;
  private readonly cacheErrors: Counter<"store" | "operation">;

  constructor(private readonly options: ProxyMetricsOptions) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    // Every tallied counter's scrape first moves the pending tallies into prom-client.
    const tallied = <L extends string>(name: string, help: string, labelNames: L[]) =>
      new Counter<L>({ name, help, labelNames, registers, collect: () => this.flush() });
    this.requests = tallied(
      "llm_proxy_requests_total",
      "Requests (chat completions, embeddings) by provider, upstream model, HTTP status and cache result (hit, miss, bypass).",
      ["provider", "model", "status_code", "cache"],
    );
    this.tokens = tallied(
      "llm_proxy_tokens_total",
      "Tokens consumed upstream by type: input (uncached prompt), cached_input, cache_write, output, reasoning (part of output). Cache hits consume none.",
      ["provider", "model", "type"],
    );
    this.estimatedTokens = tallied(
      "llm_proxy_estimated_tokens_total",
      "The part of llm_proxy_tokens_total counted with js-tiktoken because the upstream reported no usage.",
      ["provider", "model", "type"],
    );
    this.unpricedTokens = tallied(
      "llm_proxy_unpriced_tokens_total",
      "The part of llm_proxy_tokens_total of models without a price (they add nothing to the cost).",
      ["provider", "model", "type"],
    );
    this.cost = tallied("llm_proxy_cost_usd_total", "US dollars spent upstream, at the configured prices.", ["provider", "model"]);
    this.saved = tallied(
      "llm_proxy_cache_saved_usd_total",
      "US dollars the response cache saved: what its hits would have cost upstream.",
      ["provider", "model"],
    );
    this.duration = new TalliedHistogram(
      "llm_proxy_request_duration_seconds",
      "Time from request to the end of the response, for requests served by an upstream.",
      DURATION_BUCKETS,
      this.registry,
    );
    this.ttft = new TalliedHistogram(
      "llm_proxy_time_to_first_token_seconds",
      "Time from request to the first generated token of a stream served by an upstream.",
      TTFT_BUCKETS,
      this.registry,
    );
    this.upstreamErrors = tallied(
      "llm_proxy_upstream_errors_total",
      "Failed upstream calls by kind: timeout, unreachable, rate_limited, auth, stream_interrupted, bad_response, server_error, client_error.",
      ["provider", "error_type"],
    );
    this.cacheErrors = new Counter({
      name: "llm_proxy_cache_errors_total",
      help: "Response cache operations that failed (the request was served uncached).",
      labelNames: ["store", "operation"],
      registers,
    });
    const inFlight = options.inFlight;
    new Gauge({
      name: "llm_proxy_in_flight_requests",
      help: "Requests (chat completions, embeddings) being served.",
      registers,
      collect() {
        this.set(inFlight());
      },
    });
  }

  /** The OutcomeObserver: records one finished request. */
  readonly observe = (outcome: RequestOutcome): void => {
    const provider = outcome.provider ?? "none";
    const upstreamModel = outcome.model;
    // Only an answered request earns a model its own label: a client's typos must not use up the slots.
    const label = upstreamModel === undefined ? "none" : this.options.labels.label(upstreamModel, outcome.status < 400);
    const series = this.seriesFor(provider, label);
    this.requestTally(series, outcome).value++;
    if (outcome.upstreamError && outcome.provider) this.upstreamErrorTally(provider, upstreamErrorType(outcome)).value++;
    if (!outcome.provider || upstreamModel === undefined) return;

    if (outcome.cache !== "hit" && (outcome.status < 400 || outcome.upstreamError)) {
      series.duration.observe(outcome.durationSeconds);
      if (outcome.timeToFirstTokenSeconds !== undefined) series.ttft.observe(outcome.timeToFirstTokenSeconds);
    }
    if (outcome.tokens) this.addTokens(series, outcome.tokens, outcome.cache === "hit", outcome.estimated, outcome.costUsd);
  };

  /** After a config reload: the model names that always get their own label. */
  useKnownModels(known: ReadonlySet<string>): void {
    this.options.labels.useKnown(known);
  }

  /** A cache store operation failed. */
  readonly cacheFailure = (store: string, operation: string): void => {
    this.cacheErrors.labels(store, operation).inc();
  };

  /** A cache hit consumed nothing upstream: its dollars are what the cache saved. */
  private addTokens(series: Series, counts: TokenCounts, hit: boolean, estimated: boolean, dollars: number | undefined): void {
    if (hit) {
      series.saved.value += dollars ?? 0;
      return;
    }
    for (const type of TOKEN_TYPES) {
      const tokens = counts[type];
      if (tokens === 0) continue;
      series.tokens[type].value += tokens;
      if (estimated) series.estimated[type].value += tokens;
      if (dollars === undefined) series.unpriced[type].value += tokens;
    }
    if (dollars !== undefined) series.cost.value += dollars;
  }

  private tally(child: Inc): Tally {
    const tally = new Tally(child);
    this.tallies.push(tally);
    return tally;
  }

  private flush(): void {
    for (const tally of this.tallies) {
      if (tally.value === 0) continue;
      tally.child.inc(tally.value);
      tally.value = 0;
    }
  }

  private seriesFor(provider: string, model: string): Series {
    let byModel = this.series.get(provider);
    if (!byModel) this.series.set(provider, (byModel = new Map()));
    let series = byModel.get(model);
    if (!series) {
      const perType = (counter: Counter<"provider" | "model" | "type">) =>
        Object.fromEntries(TOKEN_TYPES.map((type) => [type, this.tally(counter.labels(provider, model, type))])) as Record<
          TokenType,
          Tally
        >;
      series = {
        provider,
        model,
        requests: new Map(),
        tokens: perType(this.tokens),
        estimated: perType(this.estimatedTokens),
        unpriced: perType(this.unpricedTokens),
        cost: this.tally(this.cost.labels(provider, model)),
        saved: this.tally(this.saved.labels(provider, model)),
        duration: this.duration.child({ provider, model }),
        ttft: this.ttft.child({ provider, model }),
      };
      byModel.set(model, series);
    }
    return series;
  }

  private requestTally(series: Series, outcome: RequestOutcome): Tally {
    let byCache = series.requests.get(outcome.status);
    if (!byCache) series.requests.set(outcome.status, (byCache = new Map()));
    let tally = byCache.get(outcome.cache);
    if (!tally) {
      tally = this.tally(this.requests.labels(series.provider, series.model, String(outcome.status), outcome.cache));
      byCache.set(outcome.cache, tally);
    }
    return tally;
  }

  private upstreamErrorTally(provider: string, errorType: string): Tally {
    const key = `${provider}\u0000${errorType}`;
    let tally = this.upstreamErrorChildren.get(key);
    if (!tally) {
      tally = this.tally(this.upstreamErrors.labels(provider, errorType));
      this.upstreamErrorChildren.set(key, tally);
    }
    return tally;
  }
}

/** A bounded name for what went wrong upstream (upstream error codes themselves are not bounded). */
function upstreamErrorType(outcome: RequestOutcome): string {
  const { status, errorCode } = outcome;
  if (status === 504) return "timeout";
  if (errorCode === "upstream_unreachable") return "unreachable";
  if (errorCode === "upstream_stream_error" || errorCode === "upstream_stream_incomplete") return "stream_interrupted";
  if (status === 429) return "rate_limited";
  if (status === 401 || status === 403) return "auth";
  if (status === 502) return "bad_response";
  if (status >= 500) return "server_error";
  return "client_error";
}
