import type { ChatCompletion, ChatCompletionChunk } from "./types.js";

type MessageWithReasoning = ChatCompletion.Choice["message"] & { reasoning_content?: string | null };

/**
 * A whole completion as the chunks a stream of it would have carried: per choice, one delta with
 * the role and everything said, then the finish_reason; then the usage chunk. Used when the
 * answer exists before the stream does (a JSON-only upstream, a cache hit).
 */
export function completionToChunks(completion: ChatCompletion): ChatCompletionChunk[] {
  const base = { id: completion.id, object: "chat.completion.chunk" as const, created: completion.created, model: completion.model };
  const extra: Partial<ChatCompletionChunk> = {};
  if (completion.system_fingerprint) extra.system_fingerprint = completion.system_fingerprint;
  if (completion.service_tier) extra.service_tier = completion.service_tier;

  const chunks: ChatCompletionChunk[] = [];
  for (const choice of completion.choices) {
    const message = choice.message as MessageWithReasoning;
    const delta: ChatCompletionChunk.Choice.Delta & { reasoning_content?: string } = {
      role: "assistant",
      content: message.content ?? null,
    };
    if (typeof message.reasoning_content === "string") delta.reasoning_content = message.reasoning_content;
    if (message.refusal) delta.refusal = message.refusal;
    if (message.tool_calls?.length) {
      delta.tool_calls = message.tool_calls.flatMap((call, index) =>
        call.type === "function"
          ? [{ index, id: call.id, type: "function" as const, function: { name: call.function.name, arguments: call.function.arguments } }]
          : [],
      );
    }
    chunks.push({ ...base, ...extra, choices: [{ index: choice.index, delta, logprobs: choice.logprobs ?? null, finish_reason: null }] });
    chunks.push({ ...base, ...extra, choices: [{ index: choice.index, delta: {}, logprobs: null, finish_reason: choice.finish_reason }] });
  }
  if (completion.usage) chunks.push({ ...base, ...extra, choices: [], usage: completion.usage });
  return chunks;
}
