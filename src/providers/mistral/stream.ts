import type { ChatCompletionChunk, ReasoningDelta } from "../../chat/types.js";
import { carriesOutput } from "../shared/chunk-facts.js";
import { isPlainObject } from "../../lib/is-plain-object.js";
import { chunkOf, usageChunk, type ChunkIdentity } from "../shared/chunks.js";
import { incompleteStream, malformedUpstream, upstreamObjects } from "../shared/upstream-json.js";
import { ChoiceProgress } from "../shared/choice-progress.js";
import type { ChunkSink, StreamTranslator, TranslationContext, UpstreamEvent } from "../types.js";
import { splitContent } from "./content.js";
import { mistralError } from "./errors.js";
import { mistralFinishReason } from "./finish-reason.js";
import { ToolCallIndexer } from "./tool-calls.js";
import { mistralUsage } from "./usage.js";
import type { MistralAnswerContent, MistralAnswerToolCall, MistralUsage } from "./wire.js";

interface MistralChunk {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices: MistralStreamChoice[];
  usage?: MistralUsage | null;
}

interface MistralStreamChoice {
  index?: number;
  delta?: { role?: string | null; content?: MistralAnswerContent; tool_calls?: MistralAnswerToolCall[] | null };
  finish_reason?: string | null;
}

/** The characters of a JSON string without escapes, and a JSON string's body, by JSON's grammar. */
const JSON_TEXT = String.raw`[^"\\\u0000-\u001f]*`;
const JSON_STRING = String.raw`${JSON_TEXT}(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})${JSON_TEXT})*`;
/**
 * A text delta exactly as Mistral lays it out: one choice, only `content`, a string, no finish,
 * nothing else (no usage, tool calls, content chunks or extra keys). A text it accepts is valid
 * JSON that isPlainChunk would accept too, so it can be relayed without being parsed.
 */
const PLAIN_TEXT_CHUNK = new RegExp(
  String.raw`^\{"id":"${JSON_TEXT}","object":"chat\.completion\.chunk","created":(?:0|[1-9][0-9]*),"model":"${JSON_TEXT}",` +
    String.raw`"choices":\[\{"index":0,"delta":\{"content":"${JSON_STRING}"\},"finish_reason":null(?:,"logprobs":null)?\}\]\}$`,
);

const PLAIN_CHUNK_KEYS = new Set(["id", "object", "created", "model", "choices"]);
const PLAIN_CHOICE_KEYS = new Set(["index", "delta", "finish_reason", "logprobs"]);
const PLAIN_DELTA_KEYS = new Set(["role", "content"]);
const PLAIN_FINISH_REASONS = new Set<unknown>([null, "stop", "length", "tool_calls"]);

/**
 * Mistral's SSE chunks → OpenAI's. Text chunks already are OpenAI's and leave as their own bytes;
 * after the first token, those in Mistral's exact layout (PLAIN_TEXT_CHUNK) are not even parsed.
 * The rest is rebuilt: tool calls (sent whole, sometimes without `index`, or in pieces) get a
 * stable index, an id and their `type` (see ToolCallIndexer); reasoning chunks become
 * `reasoning_content`; the usage Mistral puts on the finishing chunk moves to a usage chunk of
 * its own, as OpenAI's `include_usage` sends it.
 */
export class MistralStreamTranslator implements StreamTranslator {
  private readonly ctx: TranslationContext;
  private readonly toolCalls = new Map<number, ToolCallIndexer>();
  private done = false;
  private readonly choices = new ChoiceProgress();
  /** The first token went out (parsed, for time to first token): plain text may now be relayed. */
  private outputSeen = false;

  constructor(ctx: TranslationContext) {
    this.ctx = ctx;
  }

  push(event: UpstreamEvent, sink: ChunkSink): void {
    if (this.done) return;
    if (event.data === "[DONE]") {
      this.done = true;
      return;
    }
    if (this.outputSeen && PLAIN_TEXT_CHUNK.test(event.data)) {
      sink.relay(event.data);
      return;
    }
    const chunk = this.parse(event.data);
    for (const [position, choice] of chunk.choices.entries()) this.choices.note(choice, position);
    if (isPlainChunk(chunk)) {
      this.emit(chunk as ChatCompletionChunk, event.data, sink);
      return;
    }
    const identity: ChunkIdentity = {
      id: chunk.id ?? this.ctx.completionId,
      created: chunk.created ?? this.ctx.created,
      model: chunk.model ?? this.ctx.upstreamModel,
    };
    this.emit(
      chunkOf(
        identity,
        chunk.choices.map((choice, position) => this.choice(choice, position)),
      ),
      undefined,
      sink,
    );
    const usage = mistralUsage(chunk.usage);
    if (usage) sink.chunk(usageChunk(identity, usage));
  }

  end(): void {
    if (!this.done && !this.choices.complete) throw incompleteStream();
  }

  private emit(chunk: ChatCompletionChunk, text: string | undefined, sink: ChunkSink): void {
    if (!this.outputSeen && carriesOutput(chunk)) this.outputSeen = true;
    sink.chunk(chunk, text);
  }

  private parse(data: string): MistralChunk {
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      throw malformedUpstream("stream event");
    }
    if (!isPlainObject(value)) throw malformedUpstream("stream event");
    if (!Array.isArray(value.choices)) {
      if (value.object === "error" || value.message !== undefined || value.error !== undefined) throw mistralError(502, data, {});
      throw malformedUpstream("stream event");
    }
    upstreamObjects(value.choices, "stream event");
    return value as unknown as MistralChunk;
  }

  private choice(choice: MistralStreamChoice, position: number): ChatCompletionChunk.Choice {
    const index = choice.index ?? position;
    const upstream = choice.delta ?? {};
    const delta: ChatCompletionChunk.Choice.Delta & ReasoningDelta = {};
    if (upstream.role) delta.role = "assistant";
    const { text, reasoning } = splitContent(upstream.content);
    if (text !== null || upstream.content === null) delta.content = text;
    if (reasoning !== null) delta.reasoning_content = reasoning;
    const calls = upstreamObjects<MistralAnswerToolCall>(upstream.tool_calls, "stream event");
    if (calls.length > 0) {
      let indexer = this.toolCalls.get(index);
      if (!indexer) this.toolCalls.set(index, (indexer = new ToolCallIndexer()));
      delta.tool_calls = calls.map((call) => indexer.delta(call));
    }
    return { index, delta, logprobs: null, finish_reason: mistralFinishReason(choice.finish_reason) };
  }
}

/** Whether a chunk is already exactly an OpenAI chunk (text deltas), so its bytes can go out unchanged. */
function isPlainChunk(chunk: MistralChunk): boolean {
  if (
    chunk.object !== "chat.completion.chunk" ||
    typeof chunk.id !== "string" ||
    typeof chunk.created !== "number" ||
    typeof chunk.model !== "string"
  ) {
    return false;
  }
  if (!Object.keys(chunk).every((key) => PLAIN_CHUNK_KEYS.has(key))) return false;
  return chunk.choices.every((choice) => {
    if (!isPlainObject(choice) || typeof choice.index !== "number" || !PLAIN_FINISH_REASONS.has(choice.finish_reason ?? null)) return false;
    if (!Object.keys(choice).every((key) => PLAIN_CHOICE_KEYS.has(key)) || (choice.logprobs ?? null) !== null) return false;
    const delta = choice.delta;
    if (!isPlainObject(delta) || !Object.keys(delta).every((key) => PLAIN_DELTA_KEYS.has(key))) return false;
    return (
      (delta.content === undefined || delta.content === null || typeof delta.content === "string") &&
      (delta.role === undefined || delta.role === "assistant")
    );
  });
}
