import { ProxyError } from "../errors.js";
import { answeredWithJson, readText, type UpstreamResponse } from "../upstream/client.js";
import { addChunkText, completionText } from "../metrics/output-text.js";
import { eventStreamAnswer, jsonAnswer, saveAnswer } from "../pipeline/answers.js";
import type { Answer, Attempt, Exchange } from "../pipeline/types.js";
import { EarlyStreamFailure } from "../pipeline/early-stream-failure.js";
import { recordFailure, type RequestOutcome } from "../pipeline/outcome.js";
import { StreamRelay } from "../pipeline/stream-relay.js";
import type { UpstreamCall } from "../providers/types.js";
import { createEventFeed } from "../streaming/event-feed.js";
import { CompletionAssembler } from "./assemble.js";
import { canResume, RESUMED_TRAILER, resumeStream } from "./resume.js";
import { collectStream } from "./collect-stream.js";
import { completionToChunks } from "./completion-to-chunks.js";
import { ChatStreamEncoder, chatErrorEvent } from "./stream-encoder.js";
import type { ChatCompletion, ChatRequest } from "./types.js";

type ChatAttempt = Attempt<ChatRequest>;

/**
 * A 2xx upstream answer to a chat request → the answer for the client, in the form it asked for:
 * JSON as JSON (or replayed as a stream), a stream relayed event by event (or collected into one
 * JSON completion).
 */
export async function receiveChat(upstream: UpstreamResponse, call: UpstreamCall, attempt: ChatAttempt): Promise<Answer> {
  const { ctx, exchange } = attempt;
  const format = call.response;
  if (format === "json" || answeredWithJson(upstream)) {
    if (attempt.candidate.continues) throw cannotContinue();
    const translated = attempt.adapter.chat.parseResponse(await readText(upstream.body), ctx);
    if (translated.usage) exchange.outcome.usage = translated.usage;
    else noteUsage(exchange.outcome, translated.completion);
    const text = translated.text ?? JSON.stringify(translated.completion);
    if (ctx.clientStream) return eventStreamAnswer(replayText(translated.completion, includesUsage(ctx.request)), text, attempt.candidate);
    return jsonAnswer(text, text, attempt.candidate);
  }

  if (!ctx.clientStream) {
    const assembled = await collectStream(upstream.body, format, attempt.adapter.chat.createStreamTranslator(ctx));
    const completion = assembled.result();
    noteUsage(exchange.outcome, completion);
    const text = JSON.stringify(completion);
    return jsonAnswer(text, assembled.complete ? text : undefined, attempt.candidate);
  }
  return relayChatStream(upstream, format, attempt);
}

/** A chat stream read to its commit point, then delivered as a live relay. */
async function relayChatStream(upstream: UpstreamResponse, format: "sse" | "ndjson", attempt: ChatAttempt): Promise<Answer> {
  const { ctx, exchange } = attempt;
  const { app } = exchange;
  const provider = ctx.provider;
  const translator = attempt.adapter.chat.createStreamTranslator(ctx);
  const caching = exchange.cachePlan?.write === true && attempt.candidate === exchange.candidates[0];
  const resumable = canResume(attempt);
  // A long stream's chunks take memory: they are kept only to cache the answer, to resume it, or
  // to count its tokens while this provider has not shown that its streams report usage.
  const record = caching || resumable || !app.streamUsageSeen.has(provider.name);
  const relay: StreamRelay = new StreamRelay({
    body: upstream.body,
    errorEvent: chatErrorEvent,
    redact: (error) => error.withoutText(provider.api_key ?? "", "[REDACTED]"),
    resume: resumable ? (error): Promise<boolean> => resumeStream(attempt, chunks, error) : undefined,
  });
  const chunks: ChatStreamEncoder = new ChatStreamEncoder(relay, {
    includeUsage: includesUsage(ctx.request),
    record,
    continuing: attempt.candidate.continues === true,
  });
  const events = createEventFeed(format, translator, chunks, (passed) => chunks.passThrough(passed));
  const early = await relay.untilCommit({
    write: (bytes) => events.write(bytes),
    end: () => {
      events.end();
      chunks.done();
    },
  });
  if (!early.committed) throw new EarlyStreamFailure(early.error);

  return {
    async deliver(x: Exchange) {
      if (resumable) x.headers.trailer = RESUMED_TRAILER;
      const end = await relay.deliver(x.res, x.headers);
      // The stream that took over has accounted for the request.
      if (end.resumed) return;
      const { outcome } = x;
      outcome.usage = chunks.usage;
      if (relay.firstOutputAt !== undefined) outcome.timeToFirstTokenSeconds = (relay.firstOutputAt - x.startedAt) / 1000;
      if (chunks.usage) app.streamUsageSeen.add(provider.name);
      else if (!end.clientGone && !end.error) app.streamUsageSeen.delete(provider.name);
      if (!chunks.usage && record) outcome.outputText = streamedText(chunks);
      if (end.clientGone) outcome.status = 499;
      else if (end.error) recordFailure(outcome, end.error, true);
      else if (caching) {
        const assembler = new CompletionAssembler();
        for (const chunk of chunks.recordedChunks()) assembler.add(chunk);
        // An upstream that says [DONE] before every choice finished has not given a whole answer.
        if (assembler.complete) saveAnswer(x, attempt.candidate, JSON.stringify(assembler.result()));
      }
    },
  };
}

/** A continuation must stream: a whole JSON answer cannot carry on from the text the client has. */
function cannotContinue(): ProxyError {
  return new ProxyError(502, "The upstream answered a stream continuation with a whole JSON answer.", {
    type: "upstream_error",
    code: "bad_upstream_response",
    recovery: "next",
  });
}

export function includesUsage(request: ChatRequest): boolean {
  return request.stream_options?.include_usage === true;
}

/** A whole completion as the SSE text of the stream that would have carried it. */
export function replayText(completion: ChatCompletion, includeUsage: boolean): string {
  let text = "";
  for (const chunk of completionToChunks(completion)) {
    if (!includeUsage && chunk.choices.length === 0) continue;
    text += `data: ${JSON.stringify(chunk)}\n\n`;
  }
  return `${text}data: [DONE]\n\n`;
}

/** Usage for accounting; without it, the generated text so its tokens can be counted. */
export function noteUsage(outcome: RequestOutcome, completion: ChatCompletion): void {
  if (completion.usage) outcome.usage = completion.usage;
  else outcome.outputText = completionText(completion);
}

function streamedText(encoder: ChatStreamEncoder): string | undefined {
  const pieces: string[] = [];
  for (const chunk of encoder.recordedChunks()) addChunkText(chunk, pieces);
  return pieces.length > 0 ? pieces.join("") : undefined;
}
