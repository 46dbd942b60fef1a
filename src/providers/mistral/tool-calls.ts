import type { ChatCompletionChunk, ChatCompletionMessageToolCall } from "../../chat/types.js";
import { newMistralToolCallId, usableToolCallId } from "./tool-call-ids.js";
import type { MistralAnswerToolCall } from "./wire.js";

/** Arguments arrive as JSON text, or sometimes as the object itself. */
function argumentsText(value: MistralAnswerToolCall["function"]): string {
  const args = value?.arguments;
  if (typeof args === "string") return args;
  return args === undefined ? "" : JSON.stringify(args);
}

/** A whole tool call of a JSON answer, in OpenAI's shape. */
export function openAIToolCall(call: MistralAnswerToolCall): ChatCompletionMessageToolCall {
  return {
    id: usableToolCallId(call.id) ?? newMistralToolCallId(),
    type: "function",
    function: { name: call.function?.name ?? "", arguments: argumentsText(call.function) },
  };
}

/**
 * Gives streamed tool calls OpenAI's stable `index`, an id on their first delta, and only
 * argument text on the deltas that continue them.
 *
 * Mistral's own models send each call whole in one delta, sometimes without an index, or with the
 * same index for parallel calls; models it serves in pieces (devstral) continue a call under its
 * upstream index with an empty name and no id, or the id "null". So: a new id starts a call, a
 * known one continues it; without an id, a delta naming a function starts a call (a name is sent
 * once per call), and a nameless one continues the call its upstream index names (else the last
 * one). A call that never had an id gets one in Mistral's form.
 */
export class ToolCallIndexer {
  private readonly byId = new Map<string, number>();
  private readonly byUpstreamIndex = new Map<number, number>();
  private next = 0;

  delta(call: MistralAnswerToolCall): ChatCompletionChunk.Choice.Delta.ToolCall {
    const id = usableToolCallId(call.id);
    const continued = this.continuedIndex(call, id);
    const args = argumentsText(call.function);
    if (continued !== undefined) {
      if (typeof call.index === "number") this.byUpstreamIndex.set(call.index, continued);
      return { index: continued, function: { arguments: args } };
    }
    const index = this.next++;
    const callId = id ?? newMistralToolCallId();
    this.byId.set(callId, index);
    if (typeof call.index === "number") this.byUpstreamIndex.set(call.index, index);
    const fn: ChatCompletionChunk.Choice.Delta.ToolCall.Function = {};
    if (typeof call.function?.name === "string") fn.name = call.function.name;
    fn.arguments = args;
    return { index, id: callId, type: "function", function: fn };
  }

  /** The index of the call this delta continues, or undefined when it starts a new one. */
  private continuedIndex(call: MistralAnswerToolCall, id: string | undefined): number | undefined {
    if (id !== undefined) return this.byId.get(id);
    if (call.function?.name) return undefined;
    if (typeof call.index === "number") return this.byUpstreamIndex.get(call.index);
    return this.next > 0 ? this.next - 1 : undefined;
  }
}
