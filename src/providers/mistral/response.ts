import type { ChatCompletion } from "../../chat/types.js";
import { malformedUpstream, parseUpstreamObject, upstreamObjects } from "../shared/upstream-json.js";
import type { TranslatedResponse, TranslationContext } from "../types.js";
import { splitContent } from "./content.js";
import { mistralError } from "./errors.js";
import { mistralFinishReason } from "./finish-reason.js";
import { openAIToolCall } from "./tool-calls.js";
import { mistralUsage } from "./usage.js";
import type { MistralAnswerContent, MistralAnswerToolCall, MistralUsage } from "./wire.js";

interface MistralChoice {
  index?: number;
  message?: { content?: MistralAnswerContent; tool_calls?: MistralAnswerToolCall[] | null };
  finish_reason?: string | null;
}

type Message = ChatCompletion.Choice["message"] & { reasoning_content?: string };

/** Mistral's JSON answer → OpenAI's completion: content chunks flattened, tool calls typed, usage kept. */
export function parseMistralResponse(body: string, ctx: TranslationContext): TranslatedResponse {
  const parsed = parseUpstreamObject(body);
  if (!Array.isArray(parsed.choices)) {
    if (parsed.object === "error" || parsed.message !== undefined) throw mistralError(502, body, {});
    throw malformedUpstream();
  }
  const choices = upstreamObjects<MistralChoice>(parsed.choices, "response").map((choice, position): ChatCompletion.Choice => {
    const { text, reasoning } = splitContent(choice.message?.content);
    const message: Message = { role: "assistant", content: text, refusal: null };
    if (reasoning !== null) message.reasoning_content = reasoning;
    const calls = upstreamObjects<MistralAnswerToolCall>(choice.message?.tool_calls, "response");
    if (calls.length > 0) message.tool_calls = calls.map(openAIToolCall);
    return {
      index: choice.index ?? position,
      message,
      logprobs: null,
      finish_reason: mistralFinishReason(choice.finish_reason) ?? "stop",
    };
  });
  const completion: ChatCompletion = {
    id: typeof parsed.id === "string" ? parsed.id : ctx.completionId,
    object: "chat.completion",
    created: typeof parsed.created === "number" ? parsed.created : ctx.created,
    model: typeof parsed.model === "string" ? parsed.model : ctx.upstreamModel,
    choices,
  };
  const usage = mistralUsage(parsed.usage as MistralUsage | undefined);
  if (usage) completion.usage = usage;
  return { completion };
}
