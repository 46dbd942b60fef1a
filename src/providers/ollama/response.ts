import type { ChatCompletion } from "../../chat/types.js";
import { parseUpstreamObject, upstreamObjects } from "../shared/upstream-json.js";
import type { TranslatedResponse, TranslationContext } from "../types.js";
import { ollamaError } from "./errors.js";
import { ollamaFinishReason } from "./finish-reason.js";
import { openAIToolCall } from "./tool-calls.js";
import { ollamaUsage } from "./usage.js";
import type { OllamaChatResponse, OllamaToolCall } from "./wire.js";

type Message = ChatCompletion.Choice["message"] & { reasoning_content?: string };

/** The `stream: false` answer of `/api/chat` → OpenAI's completion. */
export function parseOllamaResponse(body: string, ctx: TranslationContext): TranslatedResponse {
  const answer = parseUpstreamObject(body) as OllamaChatResponse;
  if (answer.error !== undefined) throw ollamaError(502, body, {});
  const upstream = answer.message ?? {};
  const message: Message = { role: "assistant", content: upstream.content ?? "", refusal: null };
  if (upstream.thinking) message.reasoning_content = upstream.thinking;
  const calls = upstreamObjects<OllamaToolCall>(upstream.tool_calls, "response");
  if (calls.length > 0) message.tool_calls = calls.map(openAIToolCall);
  const completion: ChatCompletion = {
    id: ctx.completionId,
    object: "chat.completion",
    created: ctx.created,
    model: answer.model ?? ctx.upstreamModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: ollamaFinishReason(answer.done_reason, calls.length > 0) }],
  };
  const usage = ollamaUsage(answer);
  if (usage) completion.usage = usage;
  return { completion };
}
