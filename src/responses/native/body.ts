import type { ProviderConfig } from "../../providers/types.js";
import { conversationItems } from "../conversation.js";
import type { InputItem } from "../types.js";
import type { ResponsesCall } from "../call.js";

/**
 * The body an upstream that speaks the Responses API receives: the client's, with the routed model
 * name. What it keeps itself it is sent by id (`previous_response_id`, `item_reference`); what the
 * proxy keeps for it (a conversation begun on another provider) goes inline, as the items
 * themselves, without the ids and reasoning only the proxy knows.
 */
export function nativeBody(call: ResponsesCall, provider: ProviderConfig, upstreamModel: string): Record<string, unknown> {
  const body: Record<string, unknown> = { ...call.body, model: upstreamModel };
  const keptHere = (keptBy: string | undefined) => keptBy === provider.name;
  const keepReference = (id: string) => {
    const found = call.references.get(id);
    return !found || keptHere(found.keptBy);
  };
  const last = call.lineage?.at(-1);
  if (last && !keptHere(last.keptBy)) {
    delete body.previous_response_id;
    body.input = conversationItems(call, keepReference).items.flatMap(inlined);
  } else if ([...call.references.keys()].some((id) => !keepReference(id))) {
    body.input = conversationItems({ ...call, lineage: undefined }, keepReference).items.map((item) =>
      item.type === "item_reference" ? item : (inlined(item)[0] ?? item),
    );
  }
  return body;
}

/** A stored item as input for an upstream that never saw it: no id, no status; reasoning it cannot read is left out. */
function inlined(item: InputItem): InputItem[] {
  if (item.type === "item_reference") return [item];
  if (item.type === "reasoning") return [];
  const { id: _id, status: _status, ...rest } = item as InputItem & { status?: unknown };
  return [rest as InputItem];
}
