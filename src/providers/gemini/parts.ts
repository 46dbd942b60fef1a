import type { GeminiCandidate, GenerateContentAnswer, Part } from "./wire.js";

/** What one answer part means to an OpenAI client. */
export type PartMeaning =
  | { kind: "text"; text: string }
  | { kind: "reasoning"; text: string }
  | { kind: "call"; name: string; arguments: string; thoughtSignature: string | undefined };

/**
 * `thought: true` parts are reasoning (never content); `functionCall` parts are whole calls with
 * their arguments as a JSON string; empty text parts (which may only carry a thought signature)
 * and parts OpenAI has no place for mean nothing.
 */
export function readPart(part: Part): PartMeaning | undefined {
  if (part.functionCall) {
    return {
      kind: "call",
      name: part.functionCall.name ?? "",
      arguments: JSON.stringify(part.functionCall.args ?? {}),
      thoughtSignature: part.thoughtSignature,
    };
  }
  if (typeof part.text === "string" && part.text.length > 0) return { kind: part.thought ? "reasoning" : "text", text: part.text };
  return undefined;
}

/** An answer's candidates; entries that are not objects (a malformed answer) are passed over. */
export function candidatesOf(answer: GenerateContentAnswer): GeminiCandidate[] {
  return Array.isArray(answer.candidates) ? answer.candidates.filter(isObject) : [];
}

/** A candidate's parts, likewise. */
export function partsOf(candidate: GeminiCandidate): Part[] {
  const parts = candidate.content?.parts;
  return Array.isArray(parts) ? parts.filter(isObject) : [];
}

function isObject<T>(value: T): value is T & object {
  return typeof value === "object" && value !== null;
}
