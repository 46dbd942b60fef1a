/**
 * OpenAI's own wire types, imported from the SDK users point at us (type-only: no SDK code runs
 * in the proxy). Every provider translates to and from these.
 */
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
  ChatCompletionContentPart,
} from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";

export type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
  ChatCompletionContentPart,
  CompletionUsage,
};

/**
 * A chat request as received: OpenAI's parameters plus any field we do not know yet, which
 * OpenAI-compatible upstreams receive untouched.
 */
export type ChatRequest = ChatCompletionCreateParamsBase & { [extra: string]: unknown };

export type FinishReason = ChatCompletion.Choice["finish_reason"];

/** Reasoning text some providers return beside content (DeepSeek, Qwen, translated thinking). */
export interface ReasoningDelta {
  reasoning_content?: string | null;
}
