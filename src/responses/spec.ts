import { cacheKey } from "../cache/key.js";
import { estimateUsage } from "../metrics/estimate-tokens.js";
import { eventStreamAnswer, jsonAnswer } from "../pipeline/answers.js";
import type { EndpointSpec, Exchange } from "../pipeline/types.js";
import { adapterFor } from "../providers/registry.js";
import type { ProviderConfig } from "../providers/types.js";
import { chatRequestFor } from "./bridge/chat-request.js";
import { inResponsesTerms } from "./bridge/params.js";
import { chatContext, receiveBridged } from "./bridge/receive.js";
import { newId } from "./ids.js";
import { keeping } from "./keep.js";
import { nativeBody } from "./native/body.js";
import { receiveNative } from "./native/receive.js";
import { noteResponseUsage } from "./note-usage.js";
import { ownerOf } from "./owner.js";
import { responseEventsText } from "./replay.js";
import { resolveStored } from "./resolve.js";
import type { Response } from "./types.js";
import { newCall, type ResponsesCall } from "./call.js";
import { validateResponsesRequest } from "./validate-request.js";

/**
 * `POST /v1/responses`, on every provider: passed through to upstreams that speak OpenAI's
 * Responses API (ResponsesPassThrough), bridged through the chat translation of every other.
 * Stored responses (`store`, `previous_response_id`, `item_reference`) live in the app's
 * ResponseStore, read by `resolve` before the request is planned.
 */
export const responses: EndpointSpec<ResponsesCall> = {
  name: "responses",
  validate: (body) => newCall(validateResponsesRequest(body)),
  resolve: (exchange) => resolveStored(exchange, ownerOf(exchange)),
  model: (call) => call.body.model,
  isStream: (call) => call.body.stream === true,
  serves: () => true,
  prepare(call, target, snapshot) {
    if (speaksResponses(target.provider)) {
      return { request: { ...call, native: nativeBody(call, target.provider, target.upstreamModel) }, rewritten: undefined };
    }
    const { chat, messageParams } = chatRequestFor(call, target.provider, target.upstreamModel);
    const mode = target.route?.policy ?? snapshot.config.policy.mode;
    try {
      const result = snapshot.policy.apply(chat, target.upstreamModel, mode);
      return { request: { ...call, chat: result?.request ?? chat, chatMessageParams: messageParams }, rewritten: result?.rewritten };
    } catch (error) {
      throw inResponsesTerms(error, messageParams);
    }
  },
  newId: () => newId("resp"),
  buildCall(attempt) {
    const { ctx, adapter } = attempt;
    const native = ctx.request.native;
    if (native) return adapter.responses!.buildRequest({ ...ctx, request: native });
    const params = ctx.request.chatMessageParams;
    try {
      const built = adapter.chat.buildRequest(chatContext(ctx));
      return built instanceof Promise ? built.catch((error: unknown) => Promise.reject(inResponsesTerms(error, params))) : built;
    } catch (error) {
      throw inResponsesTerms(error, params);
    }
  },
  receive: (upstream, call, attempt) =>
    attempt.ctx.request.native ? receiveNative(upstream, call, attempt) : receiveBridged(upstream, call, attempt),
  estimateUsage: (call, model, outputText) =>
    estimateUsage(
      model,
      call.chat ?? { model, messages: [{ role: "user", content: JSON.stringify(call.native?.input ?? "") }] },
      outputText,
    ),
  cache: {
    eligible: (call, mode) => mode !== "deterministic" || call.body.temperature === 0,
    // Marked as this endpoint's, so a chat request with the same messages never meets its entry.
    key: (call, provider, upstreamModel) => cacheKey(provider, upstreamModel, { endpoint: "responses", ...(call.chat ?? call.native) }),
    answer: cachedAnswer,
  },
};

function speaksResponses(provider: ProviderConfig): boolean {
  return adapterFor(provider.type).responses?.speaks(provider) === true;
}

/** A cached Response, given as a new one: its own id and time, stored under that id like any answer. */
function cachedAnswer(text: string, exchange: Exchange<ResponsesCall>) {
  let response: Response;
  try {
    response = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (response?.object !== "response" || !Array.isArray(response.output)) return undefined;
  response.id = newId("resp");
  response.created_at = Math.floor(Date.now() / 1000);
  response.previous_response_id = exchange.request.body.previous_response_id ?? null;
  noteResponseUsage(exchange.outcome, response);
  const answer = exchange.stream
    ? eventStreamAnswer(responseEventsText(response), undefined, undefined)
    : jsonAnswer(JSON.stringify(response), undefined, undefined);
  return keeping(answer, response, undefined);
}
