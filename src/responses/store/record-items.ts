import type { InputItem } from "../types.js";
import type { StoredResponse } from "./types.js";

/** A stored response's items, its input and then its output: what a follow-up carries and `item_reference` may name. */
export function itemsOf(record: StoredResponse): InputItem[] {
  return [...record.inputItems, ...(record.response.output as unknown as InputItem[])];
}

/** Of these records (oldest first), the items with the wanted ids, each with the newest record holding it. */
export function itemsById(
  records: readonly StoredResponse[],
  ids: readonly string[],
): Map<string, { item: InputItem; record: StoredResponse }> {
  const wanted = new Set(ids);
  const found = new Map<string, { item: InputItem; record: StoredResponse }>();
  for (const record of records) {
    for (const item of itemsOf(record)) if (typeof item.id === "string" && wanted.has(item.id)) found.set(item.id, { item, record });
  }
  return found;
}
