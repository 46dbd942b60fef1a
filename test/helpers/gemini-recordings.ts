import { fixture, lines } from "./files.js";

interface Interaction {
  request: { url: string; bodySegments: unknown[] };
  response: { statusCode: number; bodySegments: unknown[] };
}

/** The interactions of a `gemini/*.recording.json` (googleapis/js-genai's HTTP recorder format). */
export function recording(name: string): Interaction[] {
  return (JSON.parse(fixture(`gemini/${name}`)) as { interactions: Interaction[] }).interactions;
}

/** A recorded answer's body segments as JSON texts: one per SSE event, or the whole JSON body. */
export function recordedSegments(name: string, interaction = 0): string[] {
  return recording(name)[interaction]!.response.bodySegments.map((segment) => JSON.stringify(segment));
}

/** The signature Gemini 3 attached to the last part of the recorded thinking stream. */
export function recordedThoughtSignature(): string {
  return JSON.parse(lines(fixture("gemini/text-thinking.chunks.jsonl")).at(-1)!).candidates[0].content.parts[0].thoughtSignature;
}
