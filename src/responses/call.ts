import type { ChatRequest } from "../chat/types.js";
import type { StoredResponse } from "./store/types.js";
import type { InputItem, ResponsesRequest } from "./types.js";

/**
 * The request on its way through the stages. The body is the client's; `resolve` adds what it
 * refers to in the store, `prepare` what one attempt's upstream receives.
 */
export interface ResponsesCall {
  readonly body: ResponsesRequest;
  /** Whose stored responses this request may read and will write (the API key that made it). */
  owner: string | undefined;
  /**
   * The stored responses `previous_response_id` names, oldest first (its ancestors, then itself);
   * empty without one. Undefined when the id is not in the store: an upstream that keeps
   * responses itself may know it.
   */
  lineage: StoredResponse[] | undefined;
  /** Items the input names by `item_reference`, as found in the store (with who keeps them). */
  references: ReadonlyMap<string, ReferencedItem>;
  /** Set by prepare for an upstream bridged through its chat translation: the chat request, after its model's policy. */
  chat: ChatRequest | undefined;
  /** With `chat`: where each of its messages came from in the request, for errors that name one. */
  chatMessageParams: string[];
  /** Set by prepare for an upstream that speaks the Responses API: the body it receives. */
  native: Record<string, unknown> | undefined;
}

export interface ReferencedItem {
  item: InputItem;
  /** The provider that keeps the response the item belongs to (see StoredResponse.keptBy). */
  keptBy: string | undefined;
}

/** A validated body, before `resolve` and `prepare` add to it. */
export function newCall(body: ResponsesRequest): ResponsesCall {
  return { body, owner: undefined, lineage: undefined, references: new Map(), chat: undefined, chatMessageParams: [], native: undefined };
}
