import type { ChatCompletionChunk, CompletionUsage, FinishReason } from "../../chat/types.js";

export type ChunkDelta = ChatCompletionChunk.Choice.Delta & { reasoning_content?: string };

/** The fields every chunk of one completion shares. */
export interface ChunkIdentity {
  id: string;
  created: number;
  model: string;
}

export function chunkOf(identity: ChunkIdentity, choices: ChatCompletionChunk.Choice[]): ChatCompletionChunk {
  return { id: identity.id, object: "chat.completion.chunk", created: identity.created, model: identity.model, choices };
}

/** A chunk carrying one choice's delta (and its finish_reason, on the last one). */
export function deltaChunk(
  identity: ChunkIdentity,
  index: number,
  delta: ChunkDelta,
  finishReason: FinishReason | null = null,
): ChatCompletionChunk {
  return chunkOf(identity, [{ index, delta, logprobs: null, finish_reason: finishReason }]);
}

/** The usage chunk that closes a stream (`choices: []`), as with `stream_options.include_usage`. */
export function usageChunk(identity: ChunkIdentity, usage: CompletionUsage): ChatCompletionChunk {
  return { ...chunkOf(identity, []), usage };
}

export function tokenUsage(promptTokens: number, completionTokens: number): CompletionUsage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}
