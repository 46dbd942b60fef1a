import { expect, it } from "vitest";
import type { ResponseStore, StoredResponse } from "../../src/responses/store/types.js";
import type { Response } from "../../src/responses/types.js";

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A stored response with one input and one output message, ids derived from its own. */
export function storedRecord(id: string, overrides: Partial<StoredResponse> = {}): StoredResponse {
  return {
    id,
    owner: undefined,
    createdAt: nowSeconds(),
    expiresAt: nowSeconds() + 3600,
    keptBy: undefined,
    previousResponseId: undefined,
    inputItems: [{ id: `msg_in_${id}`, type: "message", role: "user", content: [{ type: "input_text", text: `question ${id}` }] }],
    response: {
      id,
      object: "response",
      output: [{ id: `msg_out_${id}`, type: "message", role: "assistant", status: "completed", content: [] }],
    } as unknown as Response,
    ...overrides,
  };
}

/**
 * What every ResponseStore does, for the calling describe block: `store()` gives an empty store
 * (a fresh one, or one whose ids the test's own never meet).
 */
export function behavesAsResponseStore(store: () => Promise<ResponseStore> | ResponseStore, unique: () => string): void {
  it("gives a response only to its owner: another key's is as absent as one never made", async () => {
    const responses = await store();
    const id = unique();
    await responses.put(storedRecord(id, { owner: "config:a" }));
    expect((await responses.get(id, "config:a"))?.id).toBe(id);
    expect(await responses.get(id, "config:b")).toBeUndefined();
    expect(await responses.get(id, undefined)).toBeUndefined();
    expect(await responses.lineage(id, "config:b")).toBeUndefined();
    expect((await responses.items([`msg_out_${id}`], "config:b")).size).toBe(0);
    expect(await responses.delete(id, "config:b")).toBe(false);
    expect(await responses.get(id, "config:a")).toBeDefined();
    // Nor is a response of the open proxy (no owner) any key's.
    const open = unique();
    await responses.put(storedRecord(open));
    expect(await responses.get(open, "config:a")).toBeUndefined();
    expect((await responses.get(open, undefined))?.id).toBe(open);
  });

  it("walks previous_response_id to the first response, oldest first, and stops where the chain is broken", async () => {
    const responses = await store();
    const [first, second, third] = [unique(), unique(), unique()];
    await responses.put(storedRecord(first!));
    await responses.put(storedRecord(second!, { previousResponseId: first }));
    await responses.put(storedRecord(third!, { previousResponseId: second }));
    expect((await responses.lineage(third!, undefined))!.map((entry) => entry.id)).toEqual([first, second, third]);
    await responses.delete(first!, undefined);
    expect((await responses.lineage(third!, undefined))!.map((entry) => entry.id)).toEqual([second, third]);
    expect(await responses.lineage(unique(), undefined)).toBeUndefined();
  });

  it("finds input and output items by id, with the response they belong to, until that response goes", async () => {
    const responses = await store();
    const id = unique();
    await responses.put(storedRecord(id, { keptBy: "openai" }));
    const found = await responses.items([`msg_in_${id}`, `msg_out_${id}`, "msg_nowhere"], undefined);
    expect([...found.keys()].sort()).toEqual([`msg_in_${id}`, `msg_out_${id}`]);
    expect(found.get(`msg_out_${id}`)!.record.keptBy).toBe("openai");
    expect(found.get(`msg_in_${id}`)!.item).toEqual(storedRecord(id).inputItems[0]);
    await responses.delete(id, undefined);
    expect((await responses.items([`msg_in_${id}`], undefined)).size).toBe(0);
  });

  it("forgets what expired, on read and on sweep", async () => {
    const responses = await store();
    const id = unique();
    await responses.put(storedRecord(id, { expiresAt: nowSeconds() - 1 }));
    expect(await responses.get(id, undefined)).toBeUndefined();
    expect(await responses.lineage(id, undefined)).toBeUndefined();
    expect(await responses.delete(id, undefined)).toBe(false);
    await responses.expire(nowSeconds());
    expect((await responses.items([`msg_in_${id}`], undefined)).size).toBe(0);
  });
}
