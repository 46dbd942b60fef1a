import { newId } from "./ids.js";
import type { InputItem } from "./types.js";
import type { ResponsesCall } from "./call.js";

type Part = { type: string; text?: string };

/**
 * A request's own input as the items `GET /v1/responses/{id}/input_items` lists: each with an id,
 * messages with their content as parts, references replaced by the items they name.
 */
export function storedInputItems(call: ResponsesCall): InputItem[] {
  const input = call.body.input;
  if (input === undefined) return [];
  if (typeof input === "string") return [message("user", input)];
  return (input as InputItem[]).map((item) => {
    if (item.type === "item_reference") return call.references.get(item.id!)?.item ?? item;
    if ((item.type ?? "message") === "message") return messageItem(item as unknown as Record<string, unknown>);
    if (item.type !== "function_call" && item.type !== "function_call_output") return item;
    return { ...item, id: item.id ?? newId(item.type === "function_call" ? "fc" : "fco"), status: item.status ?? "completed" };
  });
}

function messageItem(item: Record<string, unknown>): InputItem {
  const role = item.role as string;
  if (typeof item.content === "string") return { ...message(role, item.content), ...(item.id ? { id: item.id } : {}) } as InputItem;
  const content = (item.content as Part[]).map((part) => (role === "assistant" ? assistantPart(part) : part));
  return { id: (item.id as string | undefined) ?? newId("msg"), type: "message", role, content, status: "completed" } as InputItem;
}

function message(role: string, text: string): InputItem {
  const content = role === "assistant" ? [assistantPart({ type: "output_text", text })] : [{ type: "input_text", text }];
  return { id: newId("msg"), type: "message", role, content, status: "completed" } as InputItem;
}

/** An assistant's text as OpenAI lists it: `output_text` with its (empty) annotations and logprobs. */
function assistantPart(part: Part): Part {
  if (part.type !== "output_text" && part.type !== "input_text") return part;
  return { type: "output_text", text: part.text ?? "", annotations: [], logprobs: [] } as Part;
}
