import type { InputItem, Response } from "../types.js";

/**
 * One stored response: in the state store a row of `responses` (id primary key, expires_at
 * indexed, the JSON columns as text) and, for `item_reference` lookups, its items' ids in
 * `response_items(item_id, response_id)` (src/state/stored-responses.ts).
 */
export interface StoredResponse {
  id: string;
  /** The API key that made it (its principal's id); undefined while the proxy is open. Only its owner sees it. */
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
 * Where stored responses live: the state store when the proxy has one (`state-store.ts`: SQLite or
 * PostgreSQL, shared by replicas), else this process's memory (`memory-store.ts`). Every read is
 * scoped by owner: a response another key made is as absent as one never made.
 */
export interface ResponseStore {
  /** Resolves once the response can be read by every replica that shares the store. */
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
  /** Drops what is past its `expiresAt` (Unix seconds). */
  expire(now: number): Promise<void>;
  /** Finishes the puts under way; the store is not used afterwards. */
  close(): Promise<void>;
}
