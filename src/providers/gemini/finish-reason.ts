import type { FinishReason } from "../../chat/types.js";
import { ProxyError } from "../../errors.js";
import type { FinishReasonName, GeminiCandidate } from "./wire.js";

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

/**
 * Reasons that mean the model failed at the tool call it attempted. OpenAI's finish reasons have
 * no word for that, and calling it a stop would hand the client an empty answer as if all went
 * well: the answer fails instead (as other gateways report these as errors), and the client, as
 * with any 502, may retry.
 */
const FAILED_TOOL_CALL: Partial<Record<FinishReasonName, string>> = {
  MALFORMED_FUNCTION_CALL: "the model produced an invalid tool call",
  UNEXPECTED_TOOL_CALL: "the model called a tool it was not offered",
  TOO_MANY_TOOL_CALLS: "the model called tools too many times in a row",
};

/** Gemini's `finishReason` → OpenAI's; Gemini says STOP after function calls too. */
export function geminiFinishReason(reason: FinishReasonName | undefined, calledTools: boolean): FinishReason {
  if (reason === "MAX_TOKENS" || reason === "CONTINUATION") return "length";
  if (reason !== undefined && CONTENT_FILTER.has(reason)) return "content_filter";
  return calledTools ? "tool_calls" : "stop";
}

/** Throws when the candidate ended in a failed tool call, with Gemini's own words for it. */
export function refuseFailedCandidate(candidate: GeminiCandidate): void {
  const reason = candidate.finishReason;
  const why = reason === undefined ? undefined : FAILED_TOOL_CALL[reason];
  if (why === undefined) return;
  const detail = typeof candidate.finishMessage === "string" && candidate.finishMessage ? `: ${candidate.finishMessage}` : ".";
  throw new ProxyError(502, `Gemini ended the answer with ${reason} (${why})${detail}`, {
    type: "upstream_error",
    code: reason!.toLowerCase(),
  });
}
