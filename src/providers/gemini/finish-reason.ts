import type { FinishReason } from "../../chat/types.js";
import type { FinishReasonName } from "./wire.js";

const CONTENT_FILTER: ReadonlySet<string> = new Set<FinishReasonName>([
  "SAFETY",
  "RECITATION",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION",
]);

/** Gemini's `finishReason` → OpenAI's; Gemini says STOP after function calls too. */
export function toFinishReason(reason: FinishReasonName | undefined, calledTools: boolean): FinishReason {
  if (reason === "MAX_TOKENS" || reason === "CONTINUATION") return "length";
  if (reason !== undefined && CONTENT_FILTER.has(reason)) return "content_filter";
  return calledTools ? "tool_calls" : "stop";
}
