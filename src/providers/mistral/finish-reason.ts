import type { FinishReason } from "../../chat/types.js";
import { ProxyError } from "../../errors.js";

/**
 * Mistral's finish reasons → OpenAI's. `model_length` (the context window ran out) is a length
 * stop too. `error` means generation failed midway: no OpenAI finish reason says that, so it
 * is reported as an upstream failure rather than disguised as a normal end.
 */
export function mistralFinishReason(reason: unknown): FinishReason | null {
  switch (reason) {
    case null:
    case undefined:
      return null;
    case "length":
    case "model_length":
      return "length";
    case "tool_calls":
      return "tool_calls";
    case "error":
      throw new ProxyError(502, "Mistral reported an error while generating the answer.", {
        type: "upstream_error",
        code: "upstream_generation_error",
      });
    default:
      return "stop";
  }
}
