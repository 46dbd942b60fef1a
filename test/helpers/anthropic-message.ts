import type { Message } from "@anthropic-ai/sdk/resources/messages";

/** A Messages API answer in the shape Anthropic's SDK declares. */
export function anthropicMessage(content: Message["content"], overrides: Partial<Message> = {}): Message {
  return {
    id: "msg_01XFDUDYJgAACzvnptvVoYEL",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-4-5-20250929",
    content,
    container: null,
    diagnostics: null,
    stop_details: null,
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: {
      input_tokens: 25,
      output_tokens: 12,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: null,
      inference_geo: null,
      output_tokens_details: null,
      server_tool_use: null,
      service_tier: "standard",
      speed: null,
    },
    ...overrides,
  };
}
