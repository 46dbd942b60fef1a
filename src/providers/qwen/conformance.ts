import type { ChatCompletion, ChatCompletionChunk } from "../../chat/types.js";

/**
 * DashScope's compatible mode strays from OpenAI's schema in two small ways: it sends
 * `"system_fingerprint": null` (OpenAI: a string, or absent) and JSON messages without
 * `refusal` (OpenAI: required, null when there is none). These mend a value in place and say
 * whether they changed it, so that conforming upstream bytes can still leave unchanged.
 */
export function conformChunk(chunk: ChatCompletionChunk): boolean {
  if (chunk.system_fingerprint !== null) return false;
  delete chunk.system_fingerprint;
  return true;
}

export function conformCompletion(completion: ChatCompletion): boolean {
  let changed = false;
  if (completion.system_fingerprint === null) {
    delete completion.system_fingerprint;
    changed = true;
  }
  for (const choice of completion.choices) {
    if (choice.message && choice.message.refusal === undefined) {
      choice.message.refusal = null;
      changed = true;
    }
  }
  return changed;
}
