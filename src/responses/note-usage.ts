import type { RequestOutcome } from "../pipeline/outcome.js";
import type { Response } from "./types.js";
import { chatUsage } from "./usage.js";

/** A response's usage for accounting, in chat's terms; without it, its text so its tokens can be counted. */
export function noteResponseUsage(outcome: RequestOutcome, response: Response): void {
  if (response.usage && typeof response.usage === "object") {
    outcome.usage = chatUsage(response.usage);
    return;
  }
  const pieces: string[] = [];
  for (const item of response.output) {
    if (item.type === "message") for (const part of item.content) pieces.push(part.type === "output_text" ? part.text : part.refusal);
    else if (item.type === "function_call") pieces.push(item.name, item.arguments);
    else if (item.type === "reasoning") for (const part of item.summary) pieces.push(part.text);
  }
  outcome.outputText = pieces.join("");
}
