import { BUILT_IN_PRICES, type ModelPrice } from "./pricing-table.js";

/**
 * Version and date suffixes providers append to a model's base name, tried in order:
 * gpt-4o-2024-08-06, claude-sonnet-4-20250514, claude-3-5-sonnet@20240620, mistral-large-2411,
 * gpt-4-0613, gemini-2.0-flash-001, gemini-2.5-flash-preview-09-2025, qwen-plus-latest.
 */
const VERSION_SUFFIXES = [/-\d{4}-\d{2}-\d{2}$/, /[-@]\d{8}$/, /-preview-\d{2}-\d{2,4}$/, /-\d{3,4}$/, /-latest$/];

/** Client-chosen model strings are unbounded; past this many remembered answers start over. */
const REMEMBERED_MODELS = 10_000;

/**
 * Model → price. Later sources override earlier ones: the built-in table, then `pricing_file`,
 * then `pricing:`. A model is looked up as `provider/model` (a provider-specific price), then as
 * itself, then without a host prefix (`openai/gpt-4o` → `gpt-4o`), each also without a version
 * suffix. A model found nowhere is unpriced: it costs 0, never a guess.
 */
export class PriceBook {
  private readonly prices: Map<string, ModelPrice>;
  private readonly resolved = new Map<string, ModelPrice | null>();

  constructor(...sources: Record<string, ModelPrice>[]) {
    this.prices = new Map(Object.entries(Object.assign({}, BUILT_IN_PRICES, ...sources)));
  }

  /** Every name with a price of its own (these get their own metric label). */
  names(): IterableIterator<string> {
    return this.prices.keys();
  }

  priceOf(provider: string, model: string): ModelPrice | undefined {
    const memo = `${provider}\u0000${model}`;
    let price = this.resolved.get(memo);
    if (price === undefined) {
      price = this.find(provider, model) ?? null;
      if (this.resolved.size >= REMEMBERED_MODELS) this.resolved.clear();
      this.resolved.set(memo, price);
    }
    return price ?? undefined;
  }

  private find(provider: string, model: string): ModelPrice | undefined {
    const candidates = [`${provider}/${model}`, model];
    const slash = model.lastIndexOf("/");
    if (slash >= 0) candidates.push(model.slice(slash + 1));
    for (const name of candidates) {
      const price = this.prices.get(name) ?? this.withoutVersion(name);
      if (price) return price;
    }
    return undefined;
  }

  private withoutVersion(name: string): ModelPrice | undefined {
    for (const suffix of VERSION_SUFFIXES) {
      if (!suffix.test(name)) continue;
      // Only the base name itself: `mistral-large-2407` is not priced as today's
      // `mistral-large-latest` (4× cheaper), since an unpriced model must never be guessed.
      const price = this.prices.get(name.replace(suffix, ""));
      if (price) return price;
    }
    return undefined;
  }
}
