import type { TokenReservation } from "../access/admission.js";
import type { ChatRequest } from "./types.js";

/** OpenAI's rule of thumb, which its own rate limiter uses too: a token is about four characters. */
const CHARACTERS_PER_TOKEN = 4;
/** Framing every message costs (role, separators), as in OpenAI's token accounting. */
const TOKENS_PER_MESSAGE = 4;
/** An image's share of the prompt: what a high-detail 1024×1024 image costs on OpenAI's models. */
const TOKENS_PER_IMAGE = 765;

/**
 * The prompt's tokens estimated from its characters, and the output cap the client set: the
 * reservation a TPM limit and a budget hold until the real usage settles them. Counting with
 * js-tiktoken would cost the request path far more than an estimate that is corrected anyway.
 */
export function chatTokenReservation(request: ChatRequest): TokenReservation {
  let characters = 0;
  let tokens = 0;
  for (const message of request.messages) {
    tokens += TOKENS_PER_MESSAGE;
    const content = message.content;
    if (typeof content === "string") characters += content.length;
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part.type === "text") characters += part.text.length;
        else if (part.type === "image_url") tokens += TOKENS_PER_IMAGE;
      }
    }
    if ("tool_calls" in message && message.tool_calls) characters += JSON.stringify(message.tool_calls).length;
  }
  if (request.tools) characters += JSON.stringify(request.tools).length;
  const maxOutput = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  return {
    prompt: tokens + Math.ceil(characters / CHARACTERS_PER_TOKEN),
    maxOutput: typeof maxOutput === "number" ? maxOutput : undefined,
  };
}
