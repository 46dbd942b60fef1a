import type { ChatCompletion, ChatCompletionChunk, ChatCompletionMessageToolCall, CompletionUsage } from "./types.js";

interface ToolCallDraft {
  id: string;
  name: string;
  arguments: string;
}

interface ChoiceDraft {
  content: string | null;
  reasoning: string | null;
  refusal: string | null;
  toolCalls: Map<number, ToolCallDraft>;
  finishReason: ChatCompletion.Choice["finish_reason"] | null;
  logprobs: ChatCompletion.Choice["logprobs"];
}

type DeltaWithReasoning = ChatCompletionChunk.Choice.Delta & { reasoning_content?: string | null };

/**
 * Folds a stream of OpenAI chunks into the one JSON completion the same answer would have been:
 * content and reasoning concatenated, tool-call argument fragments joined per index, the last
 * finish_reason and usage kept. Serves JSON clients of upstreams that only stream, and the cache.
 */
export class CompletionAssembler {
  private id = "";
  private created = 0;
  private model = "";
  private systemFingerprint: string | undefined;
  private serviceTier: ChatCompletion["service_tier"] | undefined;
  private usage: CompletionUsage | undefined;
  private readonly choices = new Map<number, ChoiceDraft>();

  add(chunk: ChatCompletionChunk): void {
    if (!this.id) {
      this.id = chunk.id;
      this.created = chunk.created;
      this.model = chunk.model;
    }
    if (chunk.system_fingerprint) this.systemFingerprint = chunk.system_fingerprint;
    if (chunk.service_tier) this.serviceTier = chunk.service_tier;
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices) this.addChoice(choice);
  }

  private addChoice(choice: ChatCompletionChunk.Choice): void {
    let draft = this.choices.get(choice.index);
    if (!draft) {
      draft = { content: null, reasoning: null, refusal: null, toolCalls: new Map(), finishReason: null, logprobs: null };
      this.choices.set(choice.index, draft);
    }
    const delta = (choice.delta ?? {}) as DeltaWithReasoning;
    if (typeof delta.content === "string") draft.content = (draft.content ?? "") + delta.content;
    if (typeof delta.reasoning_content === "string") draft.reasoning = (draft.reasoning ?? "") + delta.reasoning_content;
    if (typeof delta.refusal === "string") draft.refusal = (draft.refusal ?? "") + delta.refusal;
    for (const call of delta.tool_calls ?? []) {
      let tool = draft.toolCalls.get(call.index);
      if (!tool) {
        tool = { id: "", name: "", arguments: "" };
        draft.toolCalls.set(call.index, tool);
      }
      if (call.id) tool.id = call.id;
      if (call.function?.name) tool.name += call.function.name;
      if (call.function?.arguments) tool.arguments += call.function.arguments;
    }
    if (choice.logprobs) {
      const target = (draft.logprobs ??= { content: null, refusal: null });
      if (choice.logprobs.content) target.content = [...(target.content ?? []), ...choice.logprobs.content];
      if (choice.logprobs.refusal) target.refusal = [...(target.refusal ?? []), ...choice.logprobs.refusal];
    }
    if (choice.finish_reason) draft.finishReason = choice.finish_reason;
  }

  /** Whether every choice got its finish_reason: only such an answer is whole (and may be cached). */
  get complete(): boolean {
    if (this.choices.size === 0) return false;
    for (const draft of this.choices.values()) if (!draft.finishReason) return false;
    return true;
  }

  /** The completion; a choice the stream never finished is reported as `stop` (see `complete`). */
  result(): ChatCompletion {
    const choices = [...this.choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, draft]) => {
        const toolCalls: ChatCompletionMessageToolCall[] = [...draft.toolCalls.entries()]
          .sort(([a], [b]) => a - b)
          .map(([, tool]) => ({ id: tool.id, type: "function", function: { name: tool.name, arguments: tool.arguments } }));
        const message: ChatCompletion.Choice["message"] & { reasoning_content?: string } = {
          role: "assistant",
          content: draft.content,
          refusal: draft.refusal,
        };
        if (draft.reasoning !== null) message.reasoning_content = draft.reasoning;
        if (toolCalls.length > 0) message.tool_calls = toolCalls;
        return { index, message, logprobs: draft.logprobs, finish_reason: draft.finishReason ?? "stop" };
      });
    const completion: ChatCompletion = {
      id: this.id,
      object: "chat.completion",
      created: this.created,
      model: this.model,
      choices,
    };
    if (this.systemFingerprint) completion.system_fingerprint = this.systemFingerprint;
    if (this.serviceTier) completion.service_tier = this.serviceTier;
    if (this.usage) completion.usage = this.usage;
    return completion;
  }
}
