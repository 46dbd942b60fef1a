/**
 * Anthropic's Messages API shapes, from Anthropic's own SDK (types only: no SDK code runs in the
 * proxy), so the compiler checks every translation against the vendor's definitions.
 */
import type { MessageCreateParamsBase, MessageParam } from "@anthropic-ai/sdk/resources/messages";

export type {
  ContentBlockParam,
  ImageBlockParam,
  Message,
  MessageDeltaUsage,
  RawContentBlockDeltaEvent,
  RawContentBlockStartEvent,
  RawMessageStreamEvent,
  StopReason,
  TextBlockParam,
  Tool,
  ToolChoice,
  Usage,
} from "@anthropic-ai/sdk/resources/messages";
export type { ErrorType } from "@anthropic-ai/sdk/resources/shared";
export type { ModelInfo } from "@anthropic-ai/sdk/resources/models";

/**
 * The request body. The SDK (which speaks API version 2026-10-21) no longer declares the
 * sampling parameters, which version 2023-06-01 still takes.
 */
export type MessagesRequest = Omit<MessageCreateParamsBase, "messages"> & {
  messages: Array<UserOrAssistantMessage>;
  stream?: boolean;
  temperature?: number;
  top_p?: number;
};

/** Turns in `messages`; system text travels in the top-level `system` field instead. */
export type UserOrAssistantMessage = Extract<MessageParam, { role: "user" | "assistant" }>;
