import type { InputItem, Response } from "../types.js";

/**
 * One stored response: a row of a `responses` table (id primary key; owner, created_at and
 * expires_at indexed; the JSON columns as they are) and, for `item_reference` lookups, its items
 * by id (a `response_items(item_id, response_id)` index).
 */
export interface StoredResponse {
  id: string;
  /** The API key that made it; undefined while the proxy is open. Only its owner sees it. */
  owner: string | undefined;
  /** Unix seconds. */
  createdAt: number;
  expiresAt: number;
  /**
   * The provider that keeps this response itself (it answered natively with `store` on), so a
   * follow-up sent there may name it by id instead of repeating the conversation.
   */
  keptBy: string | undefined;
  previousResponseId: string | undefined;
  /** This response's own input, as items with ids (`GET /v1/responses/{id}/input_items`). */
  inputItems: InputItem[];
  /** The response as the client last saw it. */
  response: Response;
}

/**
 * Where stored responses live: in this process's memory today (`memory-store.ts`); the state store
 * (SQLite/PostgreSQL, `state.url`) implements the same five calls over one table. Every read is
 * scoped by owner: a response another key made is as absent as one never made.
 */
export interface ResponseStore {
  put(record: StoredResponse): Promise<void>;
  get(id: string, owner: string | undefined): Promise<StoredResponse | undefined>;
  /**
   * The response `id` and its ancestors by `previous_response_id`, oldest first (one recursive
   * query in SQL); undefined when `id` itself is not there. The chain stops at an ancestor that
   * expired or was deleted.
   */
  lineage(id: string, owner: string | undefined): Promise<StoredResponse[] | undefined>;
  /** Items of the owner's stored responses (their input and output items) by id, with the response each belongs to. */
  items(ids: readonly string[], owner: string | undefined): Promise<Map<string, { item: InputItem; record: StoredResponse }>>;
  /** True when there was such a response to delete. */
  delete(id: string, owner: string | undefined): Promise<boolean>;
  /** Drops what is past its `expiresAt`. */
  expire(now: number): Promise<void>;
}
