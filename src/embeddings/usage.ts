import type { CompletionUsage } from "../chat/types.js";
import { estimateTextTokens } from "../metrics/estimate-tokens.js";
import { inputList, isTokenInput } from "./inputs.js";
import type { EmbeddingsRequest } from "./types.js";

/** An embeddings request's usage in the shape accounting reads: prompt tokens only. */
export function embeddingsUsage(promptTokens: number): CompletionUsage {
  return { prompt_tokens: promptTokens, completion_tokens: 0, total_tokens: promptTokens };
}

/** The prompt tokens of a request whose upstream reported none: token arrays are counted as they are, texts with js-tiktoken. */
export async function countPromptTokens(request: EmbeddingsRequest, model: string): Promise<number> {
  const inputs = inputList(request.input);
  if (isTokenInput(request.input)) return inputs.reduce((sum, tokens) => sum + tokens.length, 0);
  return estimateTextTokens(model, inputs as string[]);
}
