import { type StreamEvent, sseEvent } from "./events.js";
import type { Response, ResponseOutputItem } from "./types.js";

/**
 * A whole Response as the event stream that would have carried it, for answers that exist
 * before their stream does (a JSON upstream answer for a streaming client, a cache hit):
 * created and in progress, each output item added, its content in one delta, done, then the
 * terminal event for its status.
 */
export function responseEventsText(response: Response): string {
  const { usage: _usage, ...rest } = response;
  const start = { ...rest, status: "in_progress", output: [], completed_at: null };
  const events: StreamEvent[] = [
    { type: "response.created", response: start },
    { type: "response.in_progress", response: start },
  ];
  for (let index = 0; index < response.output.length; index++) events.push(...itemEvents(response.output[index]!, index));
  events.push({ type: terminalEvent(response), response });
  return events.map((event, sequence) => sseEvent(event, sequence)).join("");
}

export function terminalEvent(response: Response): string {
  if (response.status === "incomplete") return "response.incomplete";
  if (response.status === "failed") return "response.failed";
  return "response.completed";
}

function itemEvents(item: ResponseOutputItem, index: number): StreamEvent[] {
  const added = (shown: object): StreamEvent => ({ type: "response.output_item.added", output_index: index, item: shown });
  const done: StreamEvent = { type: "response.output_item.done", output_index: index, item };
  switch (item.type) {
    case "message": {
      const events = [added({ ...item, status: "in_progress", content: [] })];
      item.content.forEach((part, contentIndex) => {
        const at = { item_id: item.id, output_index: index, content_index: contentIndex };
        if (part.type === "output_text") {
          events.push(
            { ...at, type: "response.content_part.added", part: { ...part, text: "" } },
            { ...at, type: "response.output_text.delta", delta: part.text, logprobs: [] },
            { ...at, type: "response.output_text.done", text: part.text, logprobs: [] },
          );
        } else {
          events.push(
            { ...at, type: "response.content_part.added", part: { ...part, refusal: "" } },
            { ...at, type: "response.refusal.delta", delta: part.refusal },
            { ...at, type: "response.refusal.done", refusal: part.refusal },
          );
        }
        events.push({ ...at, type: "response.content_part.done", part });
      });
      events.push(done);
      return events;
    }
    case "function_call": {
      const at = { item_id: item.id, output_index: index };
      return [
        added({ ...item, status: "in_progress", arguments: "" }),
        { ...at, type: "response.function_call_arguments.delta", delta: item.arguments },
        { ...at, type: "response.function_call_arguments.done", name: item.name, arguments: item.arguments },
        done,
      ];
    }
    case "reasoning": {
      const events = [added({ ...item, summary: [] })];
      item.summary.forEach((part, summaryIndex) => {
        const at = { item_id: item.id, output_index: index, summary_index: summaryIndex };
        events.push(
          { ...at, type: "response.reasoning_summary_part.added", part: { ...part, text: "" } },
          { ...at, type: "response.reasoning_summary_text.delta", delta: part.text },
          { ...at, type: "response.reasoning_summary_text.done", text: part.text },
          { ...at, type: "response.reasoning_summary_part.done", part },
        );
      });
      events.push(done);
      return events;
    }
    default:
      return [added(item), done];
  }
}
