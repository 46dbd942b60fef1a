import type { ChatCompletionChunk } from "../../chat/types.js";
import type { ChatCompletionMessageFunctionToolCall } from "openai/resources/chat/completions";
import { newToolCallId } from "../shared/ids.js";
import type { OllamaToolCall } from "./wire.js";

/**
 * Ollama's tool call → OpenAI's: arguments become JSON text; a call without an id (Ollama
 * before 0.12) gets one, as OpenAI clients need it to answer the call.
 */
export function openAIToolCall(call: OllamaToolCall): ChatCompletionMessageFunctionToolCall {
  return {
    id: typeof call.id === "string" && call.id ? call.id : newToolCallId(),
    type: "function",
    function: { name: call.function?.name ?? "", arguments: JSON.stringify(call.function?.arguments ?? {}) },
  };
}

/** The same call as one whole streamed delta at `index`. */
export function toolCallDelta(call: OllamaToolCall, index: number): ChatCompletionChunk.Choice.Delta.ToolCall {
  const { id, type, function: fn } = openAIToolCall(call);
  return { index, id, type, function: fn };
}
