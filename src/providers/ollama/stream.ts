import type { ChatCompletionChunk, ReasoningDelta } from "../../chat/types.js";
import { chunkOf, usageChunk, type ChunkIdentity } from "../shared/chunks.js";
import { incompleteStream, malformedUpstream, parseUpstreamObject, upstreamObjects } from "../shared/upstream-json.js";
import type { ChunkSink, StreamTranslator, TranslationContext, UpstreamEvent } from "../types.js";
import { ollamaError } from "./errors.js";
import { ollamaFinishReason } from "./finish-reason.js";
import { toolCallDelta } from "./tool-calls.js";
import { ollamaUsage } from "./usage.js";
import type { OllamaChatResponse, OllamaToolCall } from "./wire.js";

/**
 * Ollama's NDJSON lines → OpenAI chunks. The first chunk carries the role; each line's text,
 * thinking (as `reasoning_content`) and tool calls (whole, each on the next index) become a
 * delta; the `done` line becomes the finish chunk and the usage chunk. An `{"error": …}` line
 * fails the stream.
 */
export class OllamaStreamTranslator implements StreamTranslator {
  private readonly ctx: TranslationContext;
  private started = false;
  private finished = false;
  private toolCalls = 0;

  constructor(ctx: TranslationContext) {
    this.ctx = ctx;
  }

  push(event: UpstreamEvent, sink: ChunkSink): void {
    if (this.finished) return;
    const line = parseUpstreamObject(event.data, "stream line") as OllamaChatResponse;
    if (line.error !== undefined) throw ollamaError(502, event.data, {});
    if (line.done !== true && line.message === undefined) throw malformedUpstream("stream line");
    const identity: ChunkIdentity = { id: this.ctx.completionId, created: this.ctx.created, model: line.model ?? this.ctx.upstreamModel };

    const delta = this.delta(line);
    if (delta) sink.chunk(chunkOf(identity, [{ index: 0, delta, logprobs: null, finish_reason: null }]));
    if (line.done !== true) return;
    this.finished = true;
    const finishReason = ollamaFinishReason(line.done_reason, this.toolCalls > 0);
    sink.chunk(chunkOf(identity, [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]));
    const usage = ollamaUsage(line);
    if (usage) sink.chunk(usageChunk(identity, usage));
  }

  end(): void {
    if (!this.finished) throw incompleteStream();
  }

  /** The line's output as a delta; undefined when it says nothing and the role went out already. */
  private delta(line: OllamaChatResponse): (ChatCompletionChunk.Choice.Delta & ReasoningDelta) | undefined {
    const message = line.message ?? {};
    const delta: ChatCompletionChunk.Choice.Delta & ReasoningDelta = {};
    if (message.content) delta.content = message.content;
    if (message.thinking) delta.reasoning_content = message.thinking;
    const calls = upstreamObjects<OllamaToolCall>(message.tool_calls, "stream line");
    if (calls.length > 0) delta.tool_calls = calls.map((call) => toolCallDelta(call, this.toolCalls++));
    if (!this.started) {
      this.started = true;
      return { role: "assistant", ...(Object.keys(delta).length === 0 ? { content: "" } : {}), ...delta };
    }
    return Object.keys(delta).length > 0 ? delta : undefined;
  }
}
