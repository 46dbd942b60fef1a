import type { ProviderConfig } from "../../providers/types.js";
import type { ResponsesCall } from "../call.js";
import type { InputItem } from "../types.js";

/**
 * The body an upstream that speaks the Responses API receives: the client's, with the routed model
 * name. What it keeps itself it is sent by id (`previous_response_id`, `item_reference`); what the
 * proxy keeps for it (a conversation begun on another provider) goes inline, as the items
 * themselves, without the ids and reasoning only the proxy knows. The client's own items pass as
 * they came.
 */
export function nativeBody(call: ResponsesCall, provider: ProviderConfig, upstreamModel: string): Record<string, unknown> {
  const body: Record<string, unknown> = { ...call.body, model: upstreamModel };
  const keptHere = (keptBy: string | undefined) => keptBy === provider.name;
  const last = call.lineage?.at(-1);
  const inlineHistory = last !== undefined && !keptHere(last.keptBy);
  const inlineReferences = [...call.references.values()].some((found) => !keptHere(found.keptBy));
  if (!inlineHistory && !inlineReferences) return body;

  const history = inlineHistory
    ? call.lineage!.flatMap((record) => [...record.inputItems, ...(record.response.output as unknown as InputItem[])]).flatMap(inlined)
    : [];
  if (inlineHistory) delete body.previous_response_id;
  const input = call.body.input;
  const own =
    typeof input === "string"
      ? [{ type: "message", role: "user", content: input }]
      : ((input ?? []) as InputItem[]).flatMap((item) => {
          const found = item.type === "item_reference" ? call.references.get(item.id!) : undefined;
          return found && !keptHere(found.keptBy) ? inlined(found.item) : [item];
        });
  body.input = [...history, ...own];
  return body;
}

/** A stored item as input for an upstream that never saw it: no id, no status; reasoning it cannot read is left out. */
function inlined(item: InputItem): InputItem[] {
  if (item.type === "reasoning") return [];
  const { id: _id, status: _status, ...rest } = item as InputItem & { status?: unknown };
  return [rest as InputItem];
}
