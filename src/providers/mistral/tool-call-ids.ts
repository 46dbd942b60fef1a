import { createHash } from "node:crypto";
import { toBase62 } from "../shared/ids.js";

const MISTRAL_ID = /^[a-zA-Z0-9]{9}$/;

/**
 * Mistral accepts only tool-call ids of nine letters and digits and refuses the request
 * otherwise, yet conversations carry ids from OpenAI (`call_…`) or other providers. Each foreign
 * id maps to a hash of itself, so an assistant call and its tool result, translated apart and in
 * any later turn, always agree, with no state kept between requests. Mistral's own ids pass as
 * they are.
 */
export function mistralToolCallId(id: string): string {
  if (MISTRAL_ID.test(id)) return id;
  return toBase62(createHash("sha256").update(id).digest(), 9);
}
