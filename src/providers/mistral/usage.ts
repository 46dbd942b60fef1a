import type { CompletionUsage } from "../../chat/types.js";
import type { MistralUsage } from "./wire.js";

/** Mistral's usage is OpenAI's, minus fields OpenAI lacks; cached prompt tokens are kept when reported. */
export function mistralUsage(usage: MistralUsage | null | undefined): CompletionUsage | undefined {
  if (!usage || typeof usage !== "object") return undefined;
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  const out: CompletionUsage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage.total_tokens ?? prompt + completion,
  };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (typeof cached === "number") out.prompt_tokens_details = { cached_tokens: cached };
  return out;
}
