import { ProxyError } from "../errors.js";
import { itemsOf } from "./store/record-items.js";
import type { InputItem } from "./types.js";
import type { ResponsesCall } from "./call.js";

/**
 * The items the model answers: the stored conversation `previous_response_id` names (each
 * response's input, then its output; instructions are not carried over, as at OpenAI), then this
 * request's input, with `item_reference`s replaced by the items they name.
 */
export function conversationItems(call: ResponsesCall): Conversation {
  const items: InputItem[] = [];
  const params: string[] = [];
  for (const record of call.lineage ?? []) {
    for (const item of itemsOf(record)) {
      items.push(item);
      params.push("previous_response_id");
    }
  }
  const input = call.body.input;
  if (typeof input === "string") {
    items.push({ type: "message", role: "user", content: input });
    params.push("input");
    return { items, params };
  }
  ((input ?? []) as InputItem[]).forEach((item, index) => {
    params.push(`input[${index}]`);
    if (item.type !== "item_reference") {
      items.push(item);
      return;
    }
    const found = call.references.get(item.id!);
    if (!found) throw itemNotFound(item.id!, `input[${index}]`);
    items.push(found.item);
  });
  return { items, params };
}

export interface Conversation {
  items: InputItem[];
  /** Where each item came from, for errors: `input[2]`, or `previous_response_id` for the stored ones. */
  params: string[];
}

export function itemNotFound(id: string, param: string): ProxyError {
  return new ProxyError(404, `Item with id '${id}' not found.`, { type: "invalid_request_error", param, code: "item_not_found" });
}

export function previousResponseNotFound(id: string): ProxyError {
  return new ProxyError(404, `Previous response with id '${id}' not found.`, {
    type: "invalid_request_error",
    param: "previous_response_id",
    code: "previous_response_not_found",
  });
}
