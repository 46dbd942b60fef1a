import type { ChatCompletion } from "../../chat/types.js";

/**
 * DashScope's compatible mode strays from OpenAI's schema in two small ways: it sends
 * `"system_fingerprint": null` (OpenAI: a string, or absent) and JSON messages without
 * `refusal` (OpenAI: required, null when there is none). These mend them.
 */

/**
 * A `,"system_fingerprint":null` member (or a first `{"system_fingerprint":null,`). Inside a
 * JSON string every quote is escaped, so `,"` and `{"` only occur in the structure itself: the
 * text can be mended without parsing it, and every other byte stays as DashScope sent it.
 */
const NULL_FINGERPRINT = /,"system_fingerprint":null(?=[,}])|(?<=\{)"system_fingerprint":null,/g;

export function withoutNullFingerprint(data: string): string {
  return data.includes('"system_fingerprint":null') ? data.replace(NULL_FINGERPRINT, "") : data;
}

/** Mends a parsed answer in place; says whether it changed, so conforming bytes can still pass unchanged. */
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
