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

/**
 * `wanted` when the model accepts it, else the next higher value it accepts, else the highest
 * below: asking for more effort than a model offers gets its most, never a silent drop to less
 * when more is available. `order` lists the values from least to most.
 */
export function fitToAccepted<T extends string>(wanted: T, accepted: readonly T[], order: readonly T[]): T {
  if (accepted.includes(wanted)) return wanted;
  const rank = order.indexOf(wanted);
  return order.slice(rank + 1).find((value) => accepted.includes(value)) ?? order.findLast((value) => accepted.includes(value)) ?? wanted;
}
