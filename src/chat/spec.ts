import { randomUUID } from "node:crypto";
import { cacheKey } from "../cache/key.js";
import { estimateUsage } from "../metrics/estimate-tokens.js";
import { eventStreamAnswer, jsonAnswer } from "../pipeline/answers.js";
import type { EndpointSpec } from "../pipeline/types.js";
import { includesUsage, noteUsage, receiveChat, replayText } from "./receive.js";
import type { ChatCompletion, ChatRequest } from "./types.js";
import { validateChatRequest } from "./validate-request.js";
import { chatTokenReservation } from "./token-reservation.js";

/** `POST /v1/chat/completions`, served by every provider. */
export const chatCompletions: EndpointSpec<ChatRequest> = {
  name: "chat.completions",
  validate: validateChatRequest,
  model: (request) => request.model,
  fallbackModels: (request) => request.models as string[] | undefined,
  isStream: (request) => request.stream === true,
  serves: () => true,
  prepare(request, target, snapshot) {
    const mode = target.route?.policy ?? snapshot.config.policy.mode;
    // `models` is the proxy's to follow; no upstream is sent it.
    const own = request.models === undefined ? request : withoutModels(request);
    const result = snapshot.policy.apply(own, target.upstreamModel, mode);
    return result ? { request: result.request, rewritten: result.rewritten } : { request: own, rewritten: undefined };
  },
  newId: () => `chatcmpl-${randomUUID().replaceAll("-", "")}`,
  buildCall: (attempt) => attempt.adapter.chat.buildRequest(attempt.ctx),
  receive: receiveChat,
  tokenReservation: chatTokenReservation,
  estimateUsage: (request, model, outputText) => estimateUsage(model, request, outputText),
  cache: {
    eligible: (request, mode) => mode !== "deterministic" || request.temperature === 0 || typeof request.seed === "number",
    key: (request, provider, upstreamModel) => cacheKey(provider, upstreamModel, request),
    answer(text, exchange) {
      const completion = parseCached(text);
      if (!completion) return undefined;
      noteUsage(exchange.outcome, completion);
      if (exchange.stream) return eventStreamAnswer(replayText(completion, includesUsage(exchange.request)), undefined, undefined);
      return jsonAnswer(text, undefined, undefined);
    },
  },
};

function withoutModels({ models: _models, ...request }: ChatRequest): ChatRequest {
  return request as ChatRequest;
}

/** A cached answer, or undefined when the entry is not one we wrote (then it is a miss). */
function parseCached(text: string): ChatCompletion | undefined {
  try {
    const completion = JSON.parse(text) as ChatCompletion;
    return Array.isArray(completion?.choices) ? completion : undefined;
  } catch {
    return undefined;
  }
}
