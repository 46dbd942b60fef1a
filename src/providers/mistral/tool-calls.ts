import type { ChatCompletionChunk, ChatCompletionMessageToolCall } from "../../chat/types.js";
import { newToolCallId } from "../shared/ids.js";
import type { MistralAnswerToolCall } from "./wire.js";

/** Arguments arrive as JSON text, or sometimes as the object itself. */
function argumentsText(value: MistralAnswerToolCall["function"]): string {
  const args = value?.arguments;
  if (typeof args === "string") return args;
  return args === undefined ? "" : JSON.stringify(args);
}

/** A whole tool call of a JSON answer, in OpenAI's shape. */
export function openAIToolCall(call: MistralAnswerToolCall): ChatCompletionMessageToolCall {
  return { id: call.id ?? newToolCallId(), type: "function", function: { name: call.function?.name ?? "", arguments: argumentsText(call.function) } };
}

/**
 * Gives streamed tool calls OpenAI's stable `index`. Mistral sends each call whole in one delta,
 * sometimes without an index or with the same index for parallel calls, so a call with a new id
 * takes the next index; a fragment without an id continues the call its upstream index named.
 */
export class ToolCallIndexer {
  private readonly byId = new Map<string, number>();
  private readonly byUpstreamIndex = new Map<number, number>();
  private next = 0;

  delta(call: MistralAnswerToolCall): ChatCompletionChunk.Choice.Delta.ToolCall {
    const index = this.indexFor(call);
    const out: ChatCompletionChunk.Choice.Delta.ToolCall = { index };
    if (call.id) {
      out.id = call.id;
      out.type = "function";
    }
    const fn: ChatCompletionChunk.Choice.Delta.ToolCall.Function = {};
    if (typeof call.function?.name === "string") fn.name = call.function.name;
    fn.arguments = argumentsText(call.function);
    out.function = fn;
    return out;
  }

  private indexFor(call: MistralAnswerToolCall): number {
    if (call.id) {
      const known = this.byId.get(call.id);
      if (known !== undefined) return known;
    } else if (typeof call.index === "number") {
      const known = this.byUpstreamIndex.get(call.index);
      if (known !== undefined) return known;
    }
    const index = this.next++;
    if (call.id) this.byId.set(call.id, index);
    if (typeof call.index === "number") this.byUpstreamIndex.set(call.index, index);
    return index;
  }
}
