import type { FinishReason } from "../../chat/types.js";

/** Ollama says `stop` even when the model called tools; OpenAI says `tool_calls` then. */
export function ollamaFinishReason(doneReason: string | undefined, calledTools: boolean): FinishReason {
  if (doneReason === "length") return "length";
  return calledTools ? "tool_calls" : "stop";
}
