import type { ChatCompletionChunk } from "../../chat/types.js";

/** The usage-only chunk that closes a stream when `stream_options.include_usage` is set. */
export function isUsageOnlyChunk(chunk: ChatCompletionChunk): boolean {
  return chunk.choices.length === 0 && chunk.usage != null;
}

/** Whether a chunk carries generated output (a token of text, reasoning, refusal or a tool call). */
export function carriesOutput(chunk: ChatCompletionChunk): boolean {
  for (const choice of chunk.choices) {
    const delta = choice.delta as (ChatCompletionChunk.Choice.Delta & { reasoning_content?: string | null }) | undefined;
    if (!delta) continue;
    if (delta.content || delta.reasoning_content || delta.refusal || delta.tool_calls?.length) return true;
  }
  return false;
}
