import type { ChatCompletion, ChatCompletionChunk } from "../chat/types.js";

type WithReasoning = { reasoning_content?: string | null };

/**
 * The generated text of an answer (content, reasoning, refusals, tool calls), for counting its
 * tokens when the upstream reported no usage. Stream chunks are gathered piece by piece; joining
 * waits until the count is needed.
 */
export function addChunkText(chunk: ChatCompletionChunk, pieces: string[]): void {
  for (const choice of chunk.choices) {
    const delta = choice.delta as (ChatCompletionChunk.Choice.Delta & WithReasoning) | undefined;
    if (!delta) continue;
    if (delta.content) pieces.push(delta.content);
    if (delta.reasoning_content) pieces.push(delta.reasoning_content);
    if (delta.refusal) pieces.push(delta.refusal);
    for (const call of delta.tool_calls ?? []) {
      if (call.function?.name) pieces.push(call.function.name);
      if (call.function?.arguments) pieces.push(call.function.arguments);
    }
  }
}

export function completionText(completion: ChatCompletion): string {
  const pieces: string[] = [];
  for (const choice of completion.choices) {
    const message = choice.message as ChatCompletion.Choice["message"] & WithReasoning;
    if (message.content) pieces.push(message.content);
    if (message.reasoning_content) pieces.push(message.reasoning_content);
    if (message.refusal) pieces.push(message.refusal);
    for (const call of message.tool_calls ?? []) {
      if (call.type === "function") pieces.push(call.function.name, call.function.arguments);
    }
  }
  return pieces.join("");
}
