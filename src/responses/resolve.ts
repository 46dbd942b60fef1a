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
export async function resolveStored(exchange: Exchange<ResponsesCall>, owner: string | undefined): Promise<void> {
  const call = exchange.request;
  call.owner = owner;
  const store = exchange.app.responseStore;
  const previous = call.body.previous_response_id;
  if (previous) {
    call.lineage = await store.lineage(previous, owner);
    if (!call.lineage && owner !== undefined) throw previousResponseNotFound(previous);
  }
  const input = call.body.input;
  if (!Array.isArray(input)) return;
  const ids = (input as InputItem[]).flatMap((item) => (item.type === "item_reference" && item.id ? [item.id] : []));
  if (ids.length === 0) return;
  const found = await store.items(ids, owner);
  call.references = new Map([...found].map(([id, { item, record }]) => [id, { item, keptBy: record.keptBy }]));
}
