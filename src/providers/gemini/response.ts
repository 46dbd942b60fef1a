import type { ChatCompletion, ChatCompletionMessageToolCall } from "../../chat/types.js";
import { parseUpstreamObject } from "../shared/upstream-json.js";
import type { TranslatedResponse, TranslationContext } from "../types.js";
import { geminiError } from "./errors.js";
import { refuseFailedCandidate, geminiFinishReason } from "./finish-reason.js";
import { candidatesOf, partsOf, readPart } from "./parts.js";
import { toolCallId } from "./tool-call-ids.js";
import { geminiUsage } from "./usage.js";
import type { GeminiCandidate, GenerateContentAnswer } from "./wire.js";

type AssistantMessage = ChatCompletion.Choice["message"] & { reasoning_content?: string };

/**
 * A `generateContent` answer → an OpenAI completion, one choice per candidate. A prompt blocked
 * before any candidate (`promptFeedback.blockReason`) is a `content_filter` answer; a candidate
 * that ended in a failed tool call fails the answer (see finish-reason.ts).
 */
export function parseGeminiResponse(body: string, ctx: TranslationContext): TranslatedResponse {
  const answer = parseUpstreamObject(body) as GenerateContentAnswer & { error?: unknown };
  if (answer.error !== undefined) throw geminiError(502, body, {});
  const candidates = candidatesOf(answer);
  const choices =
    candidates.length > 0
      ? candidates.map((candidate, position) => toChoice(candidate, candidate.index ?? position))
      : [
          {
            index: 0,
            message: { role: "assistant" as const, content: null, refusal: null },
            logprobs: null,
            finish_reason: blockedFinish(answer),
          },
        ];
  const completion: ChatCompletion = {
    id: ctx.completionId,
    object: "chat.completion",
    created: ctx.created,
    model: answer.modelVersion ?? ctx.upstreamModel,
    choices,
  };
  if (answer.usageMetadata) completion.usage = geminiUsage(answer.usageMetadata);
  return { completion };
}

function toChoice(candidate: GeminiCandidate, index: number): ChatCompletion.Choice {
  refuseFailedCandidate(candidate);
  let content: string | null = null;
  let reasoning: string | undefined;
  const toolCalls: ChatCompletionMessageToolCall[] = [];
  for (const part of partsOf(candidate)) {
    const meaning = readPart(part);
    if (meaning?.kind === "text") content = (content ?? "") + meaning.text;
    else if (meaning?.kind === "reasoning") reasoning = (reasoning ?? "") + meaning.text;
    else if (meaning?.kind === "call") {
      toolCalls.push({
        id: toolCallId(meaning.thoughtSignature),
        type: "function",
        function: { name: meaning.name, arguments: meaning.arguments },
      });
    }
  }
  const message: AssistantMessage = { role: "assistant", content, refusal: null };
  if (reasoning !== undefined) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return { index, message, logprobs: null, finish_reason: geminiFinishReason(candidate.finishReason, toolCalls.length > 0) };
}

/** No candidate at all: the prompt was blocked (or the answer is empty, which we call a stop). */
export function blockedFinish(answer: GenerateContentAnswer): "content_filter" | "stop" {
  return answer.promptFeedback?.blockReason ? "content_filter" : "stop";
}
