import type { CompletionUsage } from "../chat/types.js";
import type { ResponseUsage } from "./types.js";

type ChatUsageDetails = CompletionUsage & { prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number } | null };

/** A chat completion's usage in the Responses API's terms. */
export function responseUsage(usage: CompletionUsage): ResponseUsage {
  const details = (usage as ChatUsageDetails).prompt_tokens_details;
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: details?.cached_tokens ?? 0, cache_write_tokens: details?.cache_write_tokens ?? 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: usage.total_tokens,
  };
}

/** A Response's usage in chat's terms, which accounting (tokens, dollars, metrics) reads. */
export function chatUsage(usage: Partial<ResponseUsage>): CompletionUsage {
  const input = count(usage.input_tokens);
  const output = count(usage.output_tokens);
  const chat: ChatUsageDetails = {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: typeof usage.total_tokens === "number" ? usage.total_tokens : input + output,
    prompt_tokens_details: {
      cached_tokens: count(usage.input_tokens_details?.cached_tokens),
      cache_write_tokens: count(usage.input_tokens_details?.cache_write_tokens),
    },
    completion_tokens_details: { reasoning_tokens: count(usage.output_tokens_details?.reasoning_tokens) },
  };
  return chat;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}
