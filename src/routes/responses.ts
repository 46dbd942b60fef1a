import { defineHandler, type EventHandler, getQuery, getRouterParam, type H3Event } from "h3";
import type { AppContext } from "../app-context.js";
import { invalidRequest, ProxyError } from "../errors.js";
import { SSE_HEADERS } from "../pipeline/stream-relay.js";
import { ownerOfRoute } from "../responses/owner.js";
import { responseEventsText } from "../responses/replay.js";
import type { StoredResponse } from "../responses/store/types.js";
import { deleteAtUpstream } from "../responses/upstream-delete.js";

/** `GET /v1/responses/{id}`: a stored response; `?stream=true` replays it as its events. */
export function retrieveResponseRoute(app: AppContext): EventHandler {
  return defineHandler(async (event) => {
    const { response } = await stored(app, event);
    if (getQuery(event).stream !== "true") return response;
    return new Response(responseEventsText(response), { headers: SSE_HEADERS });
  });
}

/** `GET /v1/responses/{id}/input_items`: the items a stored response was given, paged as OpenAI pages them. */
export function listInputItemsRoute(app: AppContext): EventHandler {
  return defineHandler(async (event) => {
    const { inputItems } = await stored(app, event);
    const query = getQuery(event);
    const limit = query.limit === undefined ? 20 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw invalidRequest(
        `Invalid 'limit': expected an integer between 1 and 100, but got ${String(query.limit)} instead.`,
        "limit",
        "invalid_value",
      );
    }
    const order = query.order ?? "desc";
    if (order !== "asc" && order !== "desc") {
      throw invalidRequest(`Invalid 'order': expected 'asc' or 'desc', but got '${String(order)}' instead.`, "order", "invalid_value");
    }
    let items = order === "asc" ? inputItems : [...inputItems].reverse();
    if (typeof query.after === "string") {
      const at = items.findIndex((item) => item.id === query.after);
      if (at === -1) throw invalidRequest(`Invalid 'after': no input item with id '${query.after}'.`, "after", "invalid_value");
      items = items.slice(at + 1);
    }
    const data = items.slice(0, limit);
    return { object: "list", data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: items.length > limit };
  });
}

/** `DELETE /v1/responses/{id}`: here, and at the upstream that keeps the response too. */
export function deleteResponseRoute(app: AppContext): EventHandler {
  return defineHandler(async (event) => {
    const { id, keptBy } = await stored(app, event);
    if (keptBy) await deleteAtUpstream(app, keptBy, id);
    if (!(await app.responseStore.delete(id, ownerOfRoute(event)))) throw notFound(id);
    return { id, object: "response", deleted: true };
  });
}

async function stored(app: AppContext, event: H3Event): Promise<StoredResponse> {
  const id = responseId(event);
  const record = await app.responseStore.get(id, ownerOfRoute(event));
  if (!record) throw notFound(id);
  return record;
}

function responseId(event: H3Event): string {
  return decodeURIComponent(getRouterParam(event, "id") ?? "");
}

/** OpenAI's words for an id it does not have, which is also what another key's response looks like. */
function notFound(id: string): ProxyError {
  return new ProxyError(404, `Response with id '${id}' not found.`, { type: "invalid_request_error", param: "response_id", code: null });
}
