import { createHash } from "node:crypto";
import { randomBase62, toBase62 } from "../shared/ids.js";

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

/**
 * A call's id as Mistral sent it, or undefined when it sent none worth keeping: Mistral marks a
 * missing id with the string "null" (its placeholder for ids it has not assigned), some models
 * relayed through it with "".
 */
export function usableToolCallId(id: unknown): string | undefined {
  return typeof id === "string" && id !== "" && id !== "null" ? id : undefined;
}

/** An id for a call Mistral sent without one, in Mistral's own form so it goes back unchanged. */
export function newMistralToolCallId(): string {
  return randomBase62(9);
}
