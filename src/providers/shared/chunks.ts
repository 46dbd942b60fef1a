import type { ChatCompletionChunk, CompletionUsage } from "../../chat/types.js";

/** What every chunk of one answer repeats. */
export interface ChunkIdentity {
  id: string;
  created: number;
  model: string;
}

export function chunkOf(identity: ChunkIdentity, choices: ChatCompletionChunk.Choice[]): ChatCompletionChunk {
  return { id: identity.id, object: "chat.completion.chunk", created: identity.created, model: identity.model, choices };
}

/** The closing usage chunk of OpenAI's `stream_options.include_usage`. */
export function usageChunk(identity: ChunkIdentity, usage: CompletionUsage): ChatCompletionChunk {
  return { ...chunkOf(identity, []), usage };
}

export function tokenUsage(promptTokens: number, completionTokens: number): CompletionUsage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}
