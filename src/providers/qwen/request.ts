import { openAIChatBody, openAIChatCall } from "../openai-compatible/request.js";
import type { TranslationContext, UpstreamCall } from "../types.js";
import { readQwenOptions } from "./options.js";
import { qwenThinking } from "./thinking.js";

/**
 * DashScope's OpenAI-compatible mode takes OpenAI's request as it is, plus its own thinking
 * fields. It thinks only in streams (`enable_thinking: true` on a JSON call is refused, and
 * thinking-only models refuse JSON calls outright), so a JSON request that asks for thinking, or
 * goes to a stream-only model, is streamed upstream and assembled into one JSON answer. A JSON
 * call to a model that thinks by default says `enable_thinking: false`, or DashScope refuses it.
 */
export function buildQwenRequest(ctx: TranslationContext): UpstreamCall {
  const options = readQwenOptions(ctx.provider.options);
  const streamOnly = matches(options.streamOnlyModels, ctx.upstreamModel);
  const thinking = qwenThinking(ctx.request, options.thinkingBudgets, streamOnly);
  const stream = ctx.clientStream || streamOnly || thinking.enable_thinking === true;
  if (!stream && thinking.enable_thinking === undefined && matches(options.thinkingByDefaultModels, ctx.upstreamModel)) {
    thinking.enable_thinking = false;
  }
  const body = openAIChatBody(ctx, stream);
  delete body.reasoning_effort;
  Object.assign(body, thinking);
  if (stream) body.stream = true;
  return openAIChatCall(ctx.provider, body, stream);
}

function matches(patterns: RegExp[], model: string): boolean {
  return patterns.some((pattern) => pattern.test(model));
}
