import { invalidRequest } from "../../errors.js";
import type { ChatRequest } from "../../chat/types.js";

export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh", "max"] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/** The request's `reasoning_effort`, checked against OpenAI's values; undefined when unset. */
export function readReasoningEffort(request: ChatRequest): ReasoningEffort | undefined {
  const effort = request.reasoning_effort;
  if (effort === undefined || effort === null) return undefined;
  if (!(REASONING_EFFORTS as readonly string[]).includes(effort)) {
    throw invalidRequest(
      `Invalid value: '${effort}'. Supported values are: ${REASONING_EFFORTS.map((value) => `'${value}'`).join(", ")}.`,
      "reasoning_effort",
      "invalid_value",
    );
  }
  return effort as ReasoningEffort;
}
