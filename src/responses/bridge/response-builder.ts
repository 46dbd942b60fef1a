import { randomUUID } from "node:crypto";
import type { ChatCompletionChunk, CompletionUsage, FinishReason } from "../../chat/types.js";
import type { ChunkSink } from "../../providers/types.js";
import type { ChunkDelta } from "../../providers/shared/chunks.js";
import { newId } from "../ids.js";
import type { Response, ResponseFunctionToolCall, ResponseOutputMessage, ResponseReasoningItem } from "../types.js";
import { responseUsage } from "../usage.js";

/** One stream event without its `sequence_number` (the encoder numbers them); `output`: it carries generated content. */
export type EventListener = (event: { type: string; [field: string]: unknown }, output: boolean) => void;

type MessagePart = { type: "output_text"; annotations: never[]; logprobs: never[]; text: string } | { type: "refusal"; refusal: string };

interface OpenMessage {
  item: ResponseOutputMessage;
  index: number;
  part: MessagePart | undefined;
}

interface OpenReasoning {
  item: ResponseReasoningItem;
  index: number;
  text: string;
}

interface OpenCall {
  item: ResponseFunctionToolCall & { id: string };
  index: number;
}

/**
 * Chat chunks (a bridged provider's answer, streamed or replayed from one completion) → the
 * Response's output items: thinking as a `reasoning` item with a summary, text and refusals as a
 * `message`, each tool call as a `function_call`, in the order they came. With a listener it also
 * reports each step as the stream event OpenAI sends for it (`output_item.added`,
 * `output_text.delta`, …), so JSON and streamed answers are built by the same code.
 */
export class ResponseBuilder implements ChunkSink {
  /** The usage the upstream reported, in chat's terms (for accounting). */
  usage: CompletionUsage | undefined;
  private readonly response: Response;
  private message: OpenMessage | undefined;
  private reasoning: OpenReasoning | undefined;
  /** Tool calls stay open until the answer ends: some providers interleave their fragments. */
  private readonly calls = new Map<number, OpenCall>();
  private finishReason: FinishReason | undefined;

  constructor(
    shell: Response,
    private readonly listener?: EventListener,
  ) {
    this.response = shell;
  }

  chunk(chunk: ChatCompletionChunk): void {
    if (chunk.usage) this.usage = chunk.usage;
    if (chunk.model && this.response.output.length === 0) this.response.model = chunk.model;
    for (const choice of chunk.choices) {
      // A Response has one answer; the bridged chat request never asks for more.
      if (choice.index !== 0) continue;
      const delta = choice.delta as ChunkDelta | undefined;
      if (delta?.reasoning_content) this.addReasoning(delta.reasoning_content);
      if (delta?.content) this.addText(delta.content);
      if (delta?.refusal) this.addRefusal(delta.refusal);
      for (const call of delta?.tool_calls ?? []) this.addToolCall(call);
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
    }
  }

  relay(text: string): void {
    this.chunk(JSON.parse(text) as ChatCompletionChunk);
  }

  /** Closes every open item and returns the finished Response: completed, or incomplete at a length limit or a filter. */
  finish(now: number): Response {
    this.closeReasoning();
    this.closeMessage();
    this.closeCalls();
    const response = this.response;
    if (this.usage) response.usage = responseUsage(this.usage);
    if (this.finishReason === "length" || this.finishReason === "content_filter") {
      response.status = "incomplete";
      response.incomplete_details = { reason: this.finishReason === "length" ? "max_output_tokens" : "content_filter" };
      for (const item of response.output) if (item.type === "message") item.status = "incomplete";
    } else {
      response.status = "completed";
      response.completed_at = now;
    }
    return response;
  }

  /** The Response as it stood when the upstream failed: what was generated so far, `status: failed`. */
  fail(error: { status: number; message: string }): Response {
    const response = this.response;
    response.status = "failed";
    // The spec's codes for a failed response; the precise code travels in the `error` event.
    response.error = { code: error.status === 429 ? "rate_limit_exceeded" : "server_error", message: error.message };
    for (const item of response.output) if ("status" in item && item.status === "in_progress") item.status = "incomplete";
    if (this.usage) response.usage = responseUsage(this.usage);
    return response;
  }

  private addReasoning(text: string): void {
    this.closeMessage();
    if (!this.reasoning) {
      const item: ResponseReasoningItem = { id: newId("rs"), type: "reasoning", summary: [] };
      this.reasoning = { item, index: this.open(item), text: "" };
      this.emit({ type: "response.output_item.added", output_index: this.reasoning.index, item: { ...item, summary: [] } }, false);
      this.emit({ ...this.summaryRef(), type: "response.reasoning_summary_part.added", part: { type: "summary_text", text: "" } }, false);
    }
    this.reasoning.text += text;
    this.emit({ ...this.summaryRef(), type: "response.reasoning_summary_text.delta", delta: text }, true);
  }

  private addText(text: string): void {
    const part = this.messagePart("output_text");
    if (part.type !== "output_text") return;
    part.text += text;
    this.emit({ ...this.partRef(), type: "response.output_text.delta", delta: text, logprobs: [] }, true);
  }

  private addRefusal(text: string): void {
    const part = this.messagePart("refusal");
    if (part.type !== "refusal") return;
    part.refusal += text;
    this.emit({ ...this.partRef(), type: "response.refusal.delta", delta: text }, true);
  }

  private addToolCall(delta: NonNullable<ChunkDelta["tool_calls"]>[number]): void {
    this.closeReasoning();
    this.closeMessage();
    let call = this.calls.get(delta.index);
    if (!call) {
      const item = {
        id: newId("fc"),
        type: "function_call" as const,
        status: "in_progress" as const,
        arguments: "",
        call_id: delta.id || `call_${randomUUID().replaceAll("-", "")}`,
        name: delta.function?.name ?? "",
      };
      call = { item, index: this.open(item) };
      this.calls.set(delta.index, call);
      this.emit({ type: "response.output_item.added", output_index: call.index, item: { ...item } }, true);
    } else if (delta.function?.name) {
      call.item.name += delta.function.name;
    }
    const fragment = delta.function?.arguments;
    if (fragment) {
      call.item.arguments += fragment;
      this.emit({ type: "response.function_call_arguments.delta", item_id: call.item.id, output_index: call.index, delta: fragment }, true);
    }
  }

  /** The open message's part of `type`, opening the message and the part as needed. */
  private messagePart(type: MessagePart["type"]): MessagePart {
    this.closeReasoning();
    if (!this.message) {
      const item: ResponseOutputMessage = { id: newId("msg"), type: "message", status: "in_progress", content: [], role: "assistant" };
      this.message = { item, index: this.open(item), part: undefined };
      this.emit({ type: "response.output_item.added", output_index: this.message.index, item: { ...item, content: [] } }, false);
    }
    const message = this.message;
    if (message.part?.type === type) return message.part;
    this.closePart();
    const part: MessagePart =
      type === "output_text" ? { type: "output_text", annotations: [], logprobs: [], text: "" } : { type: "refusal", refusal: "" };
    message.part = part;
    message.item.content.push(part);
    this.emit({ ...this.partRef(), type: "response.content_part.added", part: { ...part } }, false);
    return part;
  }

  private open(item: Response["output"][number]): number {
    this.response.output.push(item);
    return this.response.output.length - 1;
  }

  private closePart(): void {
    const part = this.message?.part;
    if (!part) return;
    if (part.type === "output_text") {
      this.emit({ ...this.partRef(), type: "response.output_text.done", text: part.text, logprobs: [] }, false);
    } else {
      this.emit({ ...this.partRef(), type: "response.refusal.done", refusal: part.refusal }, false);
    }
    this.emit({ ...this.partRef(), type: "response.content_part.done", part: { ...part } }, false);
    this.message!.part = undefined;
  }

  private closeMessage(): void {
    const message = this.message;
    if (!message) return;
    this.closePart();
    message.item.status = "completed";
    this.emit({ type: "response.output_item.done", output_index: message.index, item: structuredClone(message.item) }, false);
    this.message = undefined;
  }

  private closeReasoning(): void {
    const reasoning = this.reasoning;
    if (!reasoning) return;
    const part = { type: "summary_text" as const, text: reasoning.text };
    reasoning.item.summary.push(part);
    this.emit({ ...this.summaryRef(), type: "response.reasoning_summary_text.done", text: reasoning.text }, false);
    this.emit({ ...this.summaryRef(), type: "response.reasoning_summary_part.done", part: { ...part } }, false);
    this.emit({ type: "response.output_item.done", output_index: reasoning.index, item: structuredClone(reasoning.item) }, false);
    this.reasoning = undefined;
  }

  private closeCalls(): void {
    for (const { item, index } of this.calls.values()) {
      item.status = "completed";
      this.emit(
        {
          type: "response.function_call_arguments.done",
          item_id: item.id,
          output_index: index,
          name: item.name,
          arguments: item.arguments,
        },
        false,
      );
      this.emit({ type: "response.output_item.done", output_index: index, item: { ...item } }, false);
    }
    this.calls.clear();
  }

  private partRef() {
    const message = this.message!;
    return { item_id: message.item.id, output_index: message.index, content_index: message.item.content.length - 1 };
  }

  private summaryRef() {
    const reasoning = this.reasoning!;
    return { item_id: reasoning.item.id, output_index: reasoning.index, summary_index: 0 };
  }

  private emit(event: { type: string; [field: string]: unknown }, output: boolean): void {
    this.listener?.(event, output);
  }
}
