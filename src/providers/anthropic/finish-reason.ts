import type { FinishReason } from "../../chat/types.js";
import type { StopReason } from "./wire.js";

/** Anthropic's `stop_reason` → OpenAI's `finish_reason`. */
export function anthropicFinishReason(reason: StopReason | null | undefined): FinishReason {
  switch (reason) {
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      // end_turn, stop_sequence, pause_turn, and reasons newer than this proxy.
      return "stop";
  }
}
