import { collectStream } from "../../chat/collect-stream.js";
import { completionToChunks } from "../../chat/completion-to-chunks.js";
import type { ChatCompletion, ChatRequest } from "../../chat/types.js";
import { eventStreamAnswer, jsonAnswer, saveAnswer } from "../../pipeline/answers.js";
import { EarlyStreamFailure } from "../../pipeline/early-stream-failure.js";
import { recordFailure } from "../../pipeline/outcome.js";
import { StreamRelay } from "../../pipeline/stream-relay.js";
import type { Answer, Attempt, Exchange } from "../../pipeline/types.js";
import type { TranslationContext, UpstreamCall } from "../../providers/types.js";
import { createEventFeed } from "../../streaming/event-feed.js";
import { answeredWithJson, readText, type UpstreamResponse } from "../../upstream/client.js";
import { deliverStream } from "../deliver-stream.js";
import { ResponseEventWriter } from "../events.js";
import { newId } from "../ids.js";
import { keepResponse, keeping } from "../keep.js";
import { noteResponseUsage } from "../note-usage.js";
import { responseEventsText, terminalEvent } from "../replay.js";
import { responseShell } from "../response-object.js";
import type { Response } from "../types.js";
import type { ResponsesCall } from "../call.js";
import { ResponseBuilder } from "./response-builder.js";

type BridgedAttempt = Attempt<ResponsesCall>;

/**
 * A 2xx answer of a provider's chat translation → the Response for the client: JSON, or a live
 * stream of named events built chunk by chunk as the provider's chunks arrive. The same builder
 * makes both, so a JSON answer and a stream of the same recording say the same.
 */
export async function receiveBridged(upstream: UpstreamResponse, call: UpstreamCall, attempt: BridgedAttempt): Promise<Answer> {
  const { ctx, adapter } = attempt;
  const chatCtx = chatContext(ctx);
  if (call.response === "json" || answeredWithJson(upstream)) {
    const translated = adapter.chat.parseResponse(await readText(upstream.body), chatCtx);
    return wholeAnswer(completionResponse(translated.completion, attempt), attempt, true);
  }
  if (!ctx.clientStream) {
    const assembled = await collectStream(upstream.body, call.response, adapter.chat.createStreamTranslator(chatCtx));
    return wholeAnswer(completionResponse(assembled.result(), attempt), attempt, assembled.complete);
  }
  return relayBridgedStream(upstream, call.response, attempt, chatCtx);
}

/** The chat translation's context: the chat request this attempt's prepare made. */
export function chatContext(ctx: TranslationContext<ResponsesCall>): TranslationContext<ChatRequest> {
  return { ...ctx, request: ctx.request.chat! };
}

function newShell(attempt: BridgedAttempt): Response {
  const { ctx } = attempt;
  return responseShell(ctx.request.body, newId("resp"), ctx.created, ctx.upstreamModel);
}

function completionResponse(completion: ChatCompletion, attempt: BridgedAttempt): Response {
  const builder = new ResponseBuilder(newShell(attempt));
  for (const chunk of completionToChunks(completion)) builder.chunk(chunk);
  return builder.finish(nowSeconds());
}

/** A whole Response, as JSON or replayed as its events; kept in the cache when whole, and stored. */
function wholeAnswer(response: Response, attempt: BridgedAttempt, whole: boolean): Answer {
  noteResponseUsage(attempt.exchange.outcome, response);
  const text = JSON.stringify(response);
  const cacheText = whole && response.status === "completed" ? text : undefined;
  const answer = attempt.ctx.clientStream
    ? eventStreamAnswer(responseEventsText(response), cacheText, attempt.candidate)
    : jsonAnswer(text, cacheText, attempt.candidate);
  return keeping(answer, response, undefined);
}

/**
 * A chat stream relayed as Responses events. `response.created` and `response.in_progress` are
 * written first but held, like every event, until the first one that carries output (a text,
 * refusal, reasoning or argument delta, or a function call's item): a failure before it can still
 * be retried or fall back without the client having seen a response id. The finished response is
 * stored before its terminal event leaves; a failed one after the stream ended.
 */
async function relayBridgedStream(
  upstream: UpstreamResponse,
  format: "sse" | "ndjson",
  attempt: BridgedAttempt,
  chatCtx: TranslationContext<ChatRequest>,
): Promise<Answer> {
  const { provider } = attempt.ctx;
  const shell = newShell(attempt);
  const relay: StreamRelay = new StreamRelay({
    body: upstream.body,
    errorEvent: (error): string => writer.failure(error, builder.fail(error)),
    redact: (error) => error.withoutText(provider.api_key ?? "", "[REDACTED]"),
  });
  const writer = new ResponseEventWriter(relay);
  writer.write({ type: "response.created", response: shell }, false);
  writer.write({ type: "response.in_progress", response: shell }, false);
  const builder = new ResponseBuilder(shell, writer.write);
  const events = createEventFeed(format, attempt.adapter.chat.createStreamTranslator(chatCtx), builder);
  const early = await relay.untilCommit({
    write: (bytes) => events.write(bytes),
    end: () => {
      events.end();
      const finished = builder.finish(nowSeconds());
      const kept = keepResponse(attempt.exchange, finished, undefined);
      if (kept) relay.holdTail(kept);
      writer.write({ type: terminalEvent(finished), response: finished }, false);
    },
  });
  if (!early.committed) throw new EarlyStreamFailure(early.error);

  return {
    async deliver(x: Exchange) {
      const delivered = await deliverStream(relay, x);
      if (!delivered) return;
      const { exchange, end } = delivered;
      const { outcome } = exchange;
      // The builder finished the shell, or marked it failed where the stream broke.
      noteResponseUsage(outcome, shell);
      if (end.error) {
        recordFailure(outcome, end.error, true);
        void keepResponse(exchange, shell, undefined);
      }
      if (!end.error && shell.status === "completed") saveAnswer(exchange, attempt.candidate, JSON.stringify(shell));
    },
  };
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
