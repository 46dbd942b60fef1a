import { eventStreamAnswer, jsonAnswer, saveAnswer } from "../../pipeline/answers.js";
import { EarlyStreamFailure } from "../../pipeline/early-stream-failure.js";
import { recordFailure } from "../../pipeline/outcome.js";
import { StreamRelay } from "../../pipeline/stream-relay.js";
import type { Answer, Attempt, Exchange } from "../../pipeline/types.js";
import { malformedUpstream, parseUpstreamObject } from "../../providers/shared/upstream-json.js";
import { openAIStyleError } from "../../providers/shared/error-body.js";
import type { UpstreamCall } from "../../providers/types.js";
import { answeredWithJson, readText, type UpstreamResponse } from "../../upstream/client.js";
import { deliverStream } from "../deliver-stream.js";
import { keepResponse, keeping } from "../keep.js";
import { noteResponseUsage } from "../note-usage.js";
import { responseEventsText } from "../replay.js";
import type { Response } from "../types.js";
import type { ResponsesCall } from "../call.js";
import { NativeStreamFeed } from "./stream-feed.js";

type NativeAttempt = Attempt<ResponsesCall>;

/**
 * A 2xx answer from an upstream that speaks the Responses API: its bytes go to the client
 * unchanged (a JSON body, or the event stream relayed read by read); the proxy reads only the
 * usage and the response it stores.
 */
export async function receiveNative(upstream: UpstreamResponse, call: UpstreamCall, attempt: NativeAttempt): Promise<Answer> {
  const { exchange, ctx } = attempt;
  const keptBy = ctx.request.native?.store === false ? undefined : ctx.provider.name;
  if (call.response === "json" || answeredWithJson(upstream)) {
    const text = await readText(upstream.body);
    const response = parseResponse(text);
    noteResponseUsage(exchange.outcome, response);
    const answer = ctx.clientStream
      ? eventStreamAnswer(responseEventsText(response), text, attempt.candidate)
      : jsonAnswer(text, text, attempt.candidate);
    return keeping(answer, response, keptBy);
  }
  return relayNativeStream(upstream, attempt, keptBy);
}

async function relayNativeStream(upstream: UpstreamResponse, attempt: NativeAttempt, keptBy: string | undefined): Promise<Answer> {
  const { provider } = attempt.ctx;
  const relay: StreamRelay = new StreamRelay({
    body: upstream.body,
    errorEvent: (error): string => feed.failureEvents(error),
    redact: (error) => error.withoutText(provider.api_key ?? "", "[REDACTED]"),
  });
  let kept = false;
  // A finished response is stored before the bytes of its terminal event leave; a failed one after the stream ended.
  const feed = new NativeStreamFeed(relay, (response) => {
    kept = true;
    const storing = keepResponse(attempt.exchange, response, keptBy);
    if (storing) relay.holdTail(storing);
  });
  const early = await relay.untilCommit(feed);
  if (!early.committed) throw new EarlyStreamFailure(early.error);
  return {
    async deliver(x: Exchange) {
      const delivered = await deliverStream(relay, x);
      if (!delivered) return;
      const { exchange, end } = delivered;
      const failure = end.error ?? feed.failure;
      if (failure) recordFailure(exchange.outcome, failure, true);
      if (!feed.response || !feed.terminal) return;
      noteResponseUsage(exchange.outcome, feed.response);
      if (!kept) void keepResponse(exchange, feed.response, keptBy);
      if (!failure && feed.terminal === "response.completed") saveAnswer(exchange, attempt.candidate, JSON.stringify(feed.response));
    },
  };
}

function parseResponse(text: string): Response {
  const parsed = parseUpstreamObject(text);
  if (parsed.object !== "response" || !Array.isArray(parsed.output)) {
    // Some compatible servers report failures as a 200 carrying an error body.
    if (parsed.error !== undefined && parsed.object !== "response") throw openAIStyleError(502, text, {});
    throw malformedUpstream();
  }
  return parsed as unknown as Response;
}
