import type { CompletionUsage } from "../chat/types.js";
import type { ModelPrice } from "./pricing-table.js";

export const TOKEN_TYPES = ["input", "cached_input", "cache_write", "output", "reasoning"] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenCounts = Record<TokenType, number>;

/** Usage fields some upstreams add beside OpenAI's own. */
type ExtendedUsage = CompletionUsage & {
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number } | null;
  /** DeepSeek's name for cached prompt tokens. */
  prompt_cache_hit_tokens?: number;
};

/**
 * Splits a usage report into what is billed differently. OpenAI counts cached (and, OpenRouter
 * style, `cache_write_tokens`) prompt tokens inside `prompt_tokens`; `input` is the rest.
 * `reasoning` is the part of `output` spent thinking (billed as output, reported for insight).
 */
export function tokenCounts(usage: CompletionUsage): TokenCounts {
  const extended = usage as ExtendedUsage;
  const prompt = count(usage.prompt_tokens);
  const cached = count(extended.prompt_tokens_details?.cached_tokens ?? extended.prompt_cache_hit_tokens);
  const cacheWrite = count(extended.prompt_tokens_details?.cache_write_tokens);
  return {
    input: Math.max(0, prompt - cached - cacheWrite),
    cached_input: cached,
    cache_write: cacheWrite,
    output: count(usage.completion_tokens),
    reasoning: count(usage.completion_tokens_details?.reasoning_tokens),
  };
}

/** USD for the tokens at a price per 1M tokens. */
export function costOf(tokens: TokenCounts, price: ModelPrice): number {
  const microDollars =
    tokens.input * price.input +
    tokens.cached_input * (price.cached_input ?? price.input) +
    tokens.cache_write * (price.cache_write ?? price.input) +
    tokens.output * price.output;
  return microDollars / 1_000_000;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}
