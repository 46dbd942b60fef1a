import type { CompletionUsage } from "../../chat/types.js";
import type { MessageDeltaUsage, Usage } from "./wire.js";

type AnyUsage = Partial<
  Pick<
    Usage | MessageDeltaUsage,
    "input_tokens" | "output_tokens" | "cache_read_input_tokens" | "cache_creation_input_tokens" | "output_tokens_details"
  >
>;

/**
 * Anthropic usage → OpenAI usage. Anthropic counts cached input apart from `input_tokens`;
 * OpenAI's `prompt_tokens` includes it, with the cache reads in `cached_tokens`. Cache writes,
 * which Anthropic bills at a premium, are reported as `cache_write_tokens` (OpenRouter's name for
 * them), which the cost metrics read.
 */
export function anthropicUsage(usage: AnyUsage): CompletionUsage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const prompt = (usage.input_tokens ?? 0) + cacheRead + cacheWrite;
  const completion = usage.output_tokens ?? 0;
  const details: CompletionUsage.PromptTokensDetails & { cache_write_tokens?: number } = { cached_tokens: cacheRead };
  if (cacheWrite > 0) details.cache_write_tokens = cacheWrite;
  const result: CompletionUsage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: details,
  };
  const thinking = usage.output_tokens_details?.thinking_tokens;
  if (typeof thinking === "number") result.completion_tokens_details = { reasoning_tokens: thinking };
  return result;
}

/**
 * Streams report usage twice: `message_start` has the input side, `message_delta` cumulative
 * totals (and, on newer API versions, the input side again). Later non-null values win.
 */
export function mergeUsage(into: AnyUsage, update: AnyUsage | null | undefined): void {
  if (!update) return;
  for (const key of [
    "input_tokens",
    "output_tokens",
    "cache_read_input_tokens",
    "cache_creation_input_tokens",
    "output_tokens_details",
  ] as const) {
    const value = update[key];
    if (value !== null && value !== undefined) (into as Record<string, unknown>)[key] = value;
  }
}

export type { AnyUsage };
