import type { CompletionUsage } from "../../chat/types.js";
import type { UsageMetadata } from "./wire.js";

/**
 * `usageMetadata` → OpenAI usage: thinking counts as completion (and as `reasoning_tokens`),
 * cached content as `cached_tokens` (Gemini's prompt count already includes it), tool-use
 * prompt tokens as prompt.
 */
export function geminiUsage(usage: UsageMetadata): CompletionUsage {
  const prompt = (usage.promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0);
  const thoughts = usage.thoughtsTokenCount ?? 0;
  const completion = (usage.candidatesTokenCount ?? 0) + thoughts;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: usage.cachedContentTokenCount ?? 0 },
    completion_tokens_details: { reasoning_tokens: thoughts },
  };
}
