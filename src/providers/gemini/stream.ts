import { deltaChunk, usageChunk, type ChunkDelta, type ChunkIdentity } from "../shared/chunks.js";
import { incompleteStream, parseStreamEvent } from "../shared/upstream-json.js";
import type { ChunkSink, StreamTranslator, TranslationContext, UpstreamEvent } from "../types.js";
import { geminiStreamError } from "./errors.js";
import { refuseFailedCandidate, geminiFinishReason } from "./finish-reason.js";
import { candidatesOf, partsOf, readPart } from "./parts.js";
import { blockedFinish } from "./response.js";
import { toolCallId } from "./tool-call-ids.js";
import { geminiUsage } from "./usage.js";
import type { GeminiCandidate, GenerateContentAnswer, UsageMetadata } from "./wire.js";

interface ChoiceState {
  toolCalls: number;
  finished: boolean;
}

/**
 * Gemini stream events (each a partial `GenerateContentResponse`) → OpenAI chunks. Text and
 * thought parts become content and reasoning deltas; function calls arrive whole, so each is
 * one tool-call delta with a generated id and the next index of its choice. Every event repeats
 * the cumulative `usageMetadata`: the last one becomes the usage chunk when the stream ends. A
 * candidate that ends in a failed tool call fails the stream (see finish-reason.ts).
 */
export class GeminiStreamTranslator implements StreamTranslator {
  private readonly identity: ChunkIdentity;
  private readonly choices = new Map<number, ChoiceState>();
  private usage: UsageMetadata | undefined;
  private modelKnown = false;
  private blocked = false;

  constructor(ctx: TranslationContext) {
    this.identity = { id: ctx.completionId, created: ctx.created, model: ctx.upstreamModel };
  }

  push(event: UpstreamEvent, sink: ChunkSink): void {
    const answer = parseStreamEvent(event.data) as GenerateContentAnswer & { error?: unknown };
    if (answer.error !== undefined) throw geminiStreamError(event.data);
    if (!this.modelKnown && typeof answer.modelVersion === "string") {
      this.identity.model = answer.modelVersion;
      this.modelKnown = true;
    }
    if (answer.usageMetadata) this.usage = answer.usageMetadata;
    const candidates = candidatesOf(answer);
    for (const [position, candidate] of candidates.entries()) this.candidate(candidate, candidate.index ?? position, sink);
    if (candidates.length === 0 && blockedFinish(answer) === "content_filter" && this.choices.size === 0) {
      this.blocked = true;
      this.choice(0, sink);
      sink.chunk(deltaChunk(this.identity, 0, {}, "content_filter"));
    }
  }

  end(sink: ChunkSink): void {
    const finished = this.blocked || (this.choices.size > 0 && [...this.choices.values()].every((choice) => choice.finished));
    if (!finished) throw incompleteStream();
    if (this.usage) sink.chunk(usageChunk(this.identity, geminiUsage(this.usage)));
  }

  private candidate(candidate: GeminiCandidate, index: number, sink: ChunkSink): void {
    const state = this.choice(index, sink);
    for (const part of partsOf(candidate)) {
      const meaning = readPart(part);
      if (!meaning) continue;
      if (meaning.kind === "call") {
        const call = { index: state.toolCalls++, id: toolCallId(meaning.thoughtSignature), type: "function" as const };
        this.emit(sink, index, { tool_calls: [{ ...call, function: { name: meaning.name, arguments: meaning.arguments } }] });
      } else {
        this.emit(sink, index, meaning.kind === "text" ? { content: meaning.text } : { reasoning_content: meaning.text });
      }
    }
    refuseFailedCandidate(candidate);
    if (candidate.finishReason && !state.finished) {
      state.finished = true;
      sink.chunk(deltaChunk(this.identity, index, {}, geminiFinishReason(candidate.finishReason, state.toolCalls > 0)));
    }
  }

  /** A choice's state; its first appearance opens it with the role, as OpenAI streams do. */
  private choice(index: number, sink: ChunkSink): ChoiceState {
    let state = this.choices.get(index);
    if (!state) {
      state = { toolCalls: 0, finished: false };
      this.choices.set(index, state);
      this.emit(sink, index, { role: "assistant", content: "" });
    }
    return state;
  }

  private emit(sink: ChunkSink, index: number, delta: ChunkDelta): void {
    sink.chunk(deltaChunk(this.identity, index, delta));
  }
}
