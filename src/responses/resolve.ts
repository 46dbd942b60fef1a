import type { Exchange } from "../pipeline/types.js";
import { previousResponseNotFound } from "./conversation.js";
import type { InputItem } from "./types.js";
import type { ResponsesCall } from "./call.js";

/**
 * Reads what a request refers to in the store, before it is planned: the conversation
 * `previous_response_id` names and the items `item_reference`s name, the owner's only. An unknown
 * previous response is a 404 here when the request has an owner; without one (an open proxy) an
 * upstream that keeps responses itself may still know the id, so the bridge refuses it later.
 */
export function resolveStored(exchange: Exchange<ResponsesCall>, owner: string | undefined): Promise<void> | undefined {
  const call = exchange.request;
  call.owner = owner;
  const input = call.body.input;
  const references = Array.isArray(input)
    ? (input as InputItem[]).flatMap((item) => (item.type === "item_reference" && item.id ? [item.id] : []))
    : [];
  // Most requests refer to nothing stored: they pass without a turn of the event loop.
  if (!call.body.previous_response_id && references.length === 0) return undefined;
  return readStored(exchange, references);
}

async function readStored(exchange: Exchange<ResponsesCall>, references: string[]): Promise<void> {
  const call = exchange.request;
  const store = exchange.app.responseStore;
  const previous = call.body.previous_response_id;
  if (previous) {
    call.lineage = await store.lineage(previous, call.owner);
    if (!call.lineage && call.owner !== undefined) throw previousResponseNotFound(previous);
  }
  if (references.length === 0) return;
  const found = await store.items(references, call.owner);
  call.references = new Map([...found].map(([id, { item, record }]) => [id, { item, keptBy: record.keptBy }]));
}
