import { ProxyError } from "../errors.js";
import { attemptCandidate } from "../pipeline/attempt.js";
import type { Answer, Attempt, Candidate, Exchange } from "../pipeline/types.js";
import type { ProviderType } from "../providers/types.js";
import type { ChatStreamEncoder } from "./stream-encoder.js";
import type { ChatCompletionMessageParam, ChatRequest } from "./types.js";

/** The trailer that says a stream was continued, and by whom. */
export const RESUMED_TRAILER = "x-llm-proxy-resumed";

/**
 * Provider types whose APIs continue the conversation's last assistant message (a prefill):
 * Anthropic natively, Mistral through `prefix: true`, which its translation sets. Others are sent
 * the partial answer and asked to carry on from it.
 */
const CONTINUES_LAST_MESSAGE = new Set<ProviderType>(["anthropic", "mistral"]);
const CARRY_ON =
  "Your previous answer was cut off. Continue it exactly where it stopped: do not repeat any of it, and add nothing before the continuation.";

/** Whether a stream cut after its commit point may be continued (see resumeStream). */
export function canResume(attempt: Attempt<ChatRequest>): boolean {
  const { exchange, candidate } = attempt;
  return exchange.retry.resume_streams && !candidate.continues && (exchange.request.n ?? 1) === 1;
}

/**
 * With `retry.resume_streams`, a chat stream cut after its commit point is continued on the next
 * candidates of the plan that take the request: each is sent the conversation with the text the
 * client already has, and the first whose stream reaches its own first content carries on in the
 * same response, after an SSE comment saying so and with the `x-llm-proxy-resumed` trailer naming
 * it. Only a single-choice answer of text is resumed (a tool call cut in half cannot be), and only
 * once: a continuation that fails ends the stream with its error event. Resolves whether a
 * continuation took over (and ended the response).
 */
export async function resumeStream(attempt: Attempt<ChatRequest>, encoder: ChatStreamEncoder, error: ProxyError): Promise<boolean> {
  const { exchange, candidate } = attempt;
  const text = resumableText(encoder);
  if (text === undefined) return false;
  const { metrics } = exchange.app.resilience;
  for (const fallback of exchange.candidates.slice(exchange.candidates.indexOf(candidate as Candidate<ChatRequest>) + 1)) {
    const continuing = continuationOf(exchange, fallback, text);
    if (!continuing) continue;
    const { provider, upstreamModel } = fallback.target;
    let answer: Answer;
    try {
      answer = await attemptCandidate(exchange, continuing);
    } catch (failure) {
      if (exchange.cancellation.aborted || !(failure instanceof ProxyError)) return false;
      metrics?.attempt(provider.name, "failed_over");
      exchange.app.logger.warn("stream continuation failed", {
        provider: provider.name,
        model: upstreamModel,
        code: failure.code ?? failure.type,
      });
      continue;
    }
    const { res } = exchange;
    if (res.destroyed) return false;
    metrics?.attempt(provider.name, "success");
    metrics?.fallback(candidate.target.provider.name, provider.name);
    exchange.app.logger.warn("stream resumed", {
      from: candidate.target.provider.name,
      to: provider.name,
      model: upstreamModel,
      code: error.code ?? error.type,
      resumed_after_chars: text.length,
    });
    res.write(
      `: llm-proxy resumed this stream on ${provider.name}/${upstreamModel} after an upstream failure (${error.code ?? error.type})\n\n`,
    );
    res.addTrailers({ [RESUMED_TRAILER]: `${provider.name}/${upstreamModel}` });
    await answer.deliver(exchange);
    return true;
  }
  return false;
}

/** The text the client has, when the answer so far can be continued: text of one choice, no tool call, not finished. */
function resumableText(encoder: ChatStreamEncoder): string | undefined {
  let text = "";
  for (const chunk of encoder.recordedChunks()) {
    for (const choice of chunk.choices) {
      if (choice.index !== 0 || choice.finish_reason || choice.delta?.tool_calls?.length) return undefined;
      text += choice.delta?.content ?? "";
    }
  }
  return text.length > 0 ? text : undefined;
}

/** The candidate as a continuation: the conversation with the partial answer, prepared for its model; undefined when it cannot take it. */
function continuationOf(
  exchange: Exchange<ChatRequest>,
  fallback: Candidate<ChatRequest>,
  text: string,
): Candidate<ChatRequest> | undefined {
  const prefill = CONTINUES_LAST_MESSAGE.has(fallback.target.provider.type);
  // Anthropic refuses a prefill that ends in whitespace.
  const partial: ChatCompletionMessageParam = { role: "assistant", content: prefill ? text.trimEnd() : text };
  const messages = prefill
    ? [...exchange.request.messages, partial]
    : [...exchange.request.messages, partial, { role: "user" as const, content: CARRY_ON }];
  try {
    const prepared = exchange.spec.prepare({ ...exchange.request, messages }, fallback.target, exchange.snapshot);
    return { ...fallback, prepared, continues: true };
  } catch (error) {
    if (error instanceof ProxyError) return undefined;
    throw error;
  }
}
