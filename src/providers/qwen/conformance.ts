import type { ChatCompletion } from "../../chat/types.js";
import { upstreamObjects } from "../shared/upstream-json.js";

/**
 * DashScope's compatible mode strays from OpenAI's schema in two small ways: it sends
 * `"system_fingerprint": null` (OpenAI: a string, or absent) and JSON messages without
 * `refusal` (OpenAI: required, null when there is none). These mend them.
 */

const MEMBER = ',"system_fingerprint":null';
const FIRST_MEMBER = '{"system_fingerprint":null,';

/**
 * The event text without its `"system_fingerprint":null` member. Inside a JSON string every quote
 * is escaped, so `,"` and `{"` only occur in the structure itself: the text is mended without
 * being parsed (a regular expression cost as much as parsing), and every other byte stays as
 * DashScope sent it.
 */
export function withoutNullFingerprint(data: string): string {
  const at = data.indexOf(MEMBER);
  if (at !== -1) {
    const next = data.charCodeAt(at + MEMBER.length);
    if (next === 44 /* , */ || next === 125 /* } */) return data.slice(0, at) + data.slice(at + MEMBER.length);
  }
  return data.startsWith(FIRST_MEMBER) ? `{${data.slice(FIRST_MEMBER.length)}` : data;
}

/**
 * Mends a parsed answer in place; says whether it changed, so conforming bytes can still pass
 * unchanged. A choice that is not an object is a malformed answer (502).
 */
export function conformCompletion(completion: ChatCompletion): boolean {
  let changed = false;
  if (completion.system_fingerprint === null) {
    delete completion.system_fingerprint;
    changed = true;
  }
  for (const choice of upstreamObjects<ChatCompletion.Choice>(completion.choices, "response")) {
    if (choice.message && choice.message.refusal === undefined) {
      choice.message.refusal = null;
      changed = true;
    }
  }
  return changed;
}
