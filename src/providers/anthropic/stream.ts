import { deltaChunk, usageChunk, type ChunkDelta, type ChunkIdentity } from "../shared/chunks.js";
import { incompleteStream, parseStreamEvent } from "../shared/upstream-json.js";
import type { ChunkSink, StreamTranslator, TranslationContext, UpstreamEvent } from "../types.js";
import { anthropicStreamError } from "./errors.js";
import { anthropicFinishReason } from "./finish-reason.js";
import { mergeUsage, anthropicUsage, type AnyUsage } from "./usage.js";
import type { RawContentBlockDeltaEvent, RawContentBlockStartEvent, RawMessageStreamEvent } from "./wire.js";

/** What an Anthropic content block (by its stream index) turns into. */
type Block = { kind: "text" } | { kind: "thinking" } | { kind: "tool"; toolIndex: number; sentArguments: boolean } | { kind: "ignored" };

/**
 * Anthropic stream events → OpenAI chunks, one event at a time. Each `tool_use` block gets the
 * next OpenAI tool-call index; its first delta carries id and name, then every non-empty
 * `input_json_delta` fragment follows as an argument delta on that index. Thinking text goes to
 * `reasoning_content`. `ping` and unknown events are ignored; `event: error` fails the stream.
 * Relies on each event's `type` field, so it works with or without `event:` lines.
 */
export class AnthropicStreamTranslator implements StreamTranslator {
  private readonly identity: ChunkIdentity;
  private readonly blocks = new Map<number, Block>();
  private readonly usage: AnyUsage = {};
  private nextToolIndex = 0;
  private finished = false;
  private stopped = false;

  constructor(ctx: TranslationContext) {
    this.identity = { id: ctx.completionId, created: ctx.created, model: ctx.upstreamModel };
  }

  push(event: UpstreamEvent, sink: ChunkSink): void {
    if (this.stopped) return;
    const data = parseStreamEvent(event.data) as unknown as RawMessageStreamEvent | { type: "error" | "ping" };
    if (event.event === "error") throw anthropicStreamError(event.data);
    switch (data.type) {
      case "message_start":
        if (typeof data.message?.model === "string") this.identity.model = data.message.model;
        mergeUsage(this.usage, data.message?.usage);
        this.emit(sink, { role: "assistant", content: "" });
        break;
      case "content_block_start":
        this.startBlock(data.index, data.content_block, sink);
        break;
      case "content_block_delta":
        this.blockDelta(data.index, data.delta, sink);
        break;
      case "content_block_stop": {
        const block = this.blocks.get(data.index);
        // A tool called without arguments still needs a JSON object for OpenAI clients to parse.
        if (block?.kind === "tool" && !block.sentArguments) this.emitToolArguments(sink, block, "{}");
        break;
      }
      case "message_delta":
        mergeUsage(this.usage, data.usage);
        if (data.delta?.stop_reason) {
          this.finished = true;
          sink.chunk(deltaChunk(this.identity, 0, {}, anthropicFinishReason(data.delta.stop_reason)));
        }
        break;
      case "message_stop":
        this.stopped = true;
        sink.chunk(usageChunk(this.identity, anthropicUsage(this.usage)));
        break;
      case "error":
        throw anthropicStreamError(event.data);
    }
  }

  end(sink: ChunkSink): void {
    if (this.stopped) return;
    if (!this.finished) throw incompleteStream();
    sink.chunk(usageChunk(this.identity, anthropicUsage(this.usage)));
  }

  private startBlock(index: number, block: RawContentBlockStartEvent["content_block"] | undefined, sink: ChunkSink): void {
    switch (block?.type) {
      case "text":
        this.blocks.set(index, { kind: "text" });
        if (block.text) this.emit(sink, { content: block.text });
        break;
      case "thinking":
        this.blocks.set(index, { kind: "thinking" });
        if (block.thinking) this.emit(sink, { reasoning_content: block.thinking });
        break;
      case "tool_use": {
        const toolIndex = this.nextToolIndex++;
        this.blocks.set(index, { kind: "tool", toolIndex, sentArguments: false });
        this.emit(sink, {
          tool_calls: [{ index: toolIndex, id: block.id, type: "function", function: { name: block.name, arguments: "" } }],
        });
        break;
      }
      default:
        this.blocks.set(index, { kind: "ignored" });
    }
  }

  private blockDelta(index: number, delta: RawContentBlockDeltaEvent["delta"] | undefined, sink: ChunkSink): void {
    const block = this.blocks.get(index);
    if (delta?.type === "text_delta" && block?.kind === "text") this.emit(sink, { content: delta.text });
    else if (delta?.type === "thinking_delta" && block?.kind === "thinking") this.emit(sink, { reasoning_content: delta.thinking });
    else if (delta?.type === "input_json_delta" && block?.kind === "tool" && delta.partial_json)
      this.emitToolArguments(sink, block, delta.partial_json);
  }

  private emitToolArguments(sink: ChunkSink, block: { toolIndex: number; sentArguments: boolean }, fragment: string): void {
    block.sentArguments = true;
    this.emit(sink, { tool_calls: [{ index: block.toolIndex, function: { arguments: fragment } }] });
  }

  private emit(sink: ChunkSink, delta: ChunkDelta): void {
    sink.chunk(deltaChunk(this.identity, 0, delta));
  }
}
