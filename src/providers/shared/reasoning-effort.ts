import type { ChatRequest } from "../../chat/types.js";
import { invalidRequest } from "../../errors.js";

export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh", "max"] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/** The client's `reasoning_effort`, or undefined when it gave none; an unknown value is a 400. */
export function readReasoningEffort(request: ChatRequest): ReasoningEffort | undefined {
  const effort: unknown = request.reasoning_effort;
  if (effort === undefined || effort === null) return undefined;
  if ((REASONING_EFFORTS as readonly unknown[]).includes(effort)) return effort as ReasoningEffort;
  throw invalidRequest(
    `Invalid value for 'reasoning_effort': '${String(effort)}'. Supported values are: ${REASONING_EFFORTS.map((e) => `'${e}'`).join(", ")}.`,
    "reasoning_effort",
    "invalid_value",
  );
}
