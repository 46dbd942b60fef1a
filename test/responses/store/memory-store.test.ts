import { describe, expect, it } from "vitest";
import { MemoryResponseStore } from "../../../src/responses/store/memory-store.js";
import type { StoredResponse } from "../../../src/responses/store/types.js";
import type { Response } from "../../../src/responses/types.js";

const now = () => Math.floor(Date.now() / 1000);

function record(id: string, overrides: Partial<StoredResponse> = {}): StoredResponse {
  return {
    id,
    owner: undefined,
    createdAt: now(),
    expiresAt: now() + 3600,
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

const store = () => new MemoryResponseStore({ maxEntries: 100, maxBytes: 1024 * 1024 });

describe("MemoryResponseStore", () => {
  it("gives a response only to its owner: another key's is as absent as one never made", async () => {
    const responses = store();
    await responses.put(record("resp_a", { owner: "key-a" }));
    expect((await responses.get("resp_a", "key-a"))?.id).toBe("resp_a");
    expect(await responses.get("resp_a", "key-b")).toBeUndefined();
    expect(await responses.get("resp_a", undefined)).toBeUndefined();
    expect(await responses.lineage("resp_a", "key-b")).toBeUndefined();
    expect((await responses.items(["msg_out_resp_a"], "key-b")).size).toBe(0);
    expect(await responses.delete("resp_a", "key-b")).toBe(false);
    expect(await responses.get("resp_a", "key-a")).toBeDefined();
  });

  it("walks previous_response_id to the first response, oldest first, and stops where the chain is broken", async () => {
    const responses = store();
    await responses.put(record("resp_1"));
    await responses.put(record("resp_2", { previousResponseId: "resp_1" }));
    await responses.put(record("resp_3", { previousResponseId: "resp_2" }));
    expect((await responses.lineage("resp_3", undefined))!.map((entry) => entry.id)).toEqual(["resp_1", "resp_2", "resp_3"]);
    await responses.delete("resp_1", undefined);
    expect((await responses.lineage("resp_3", undefined))!.map((entry) => entry.id)).toEqual(["resp_2", "resp_3"]);
    expect(await responses.lineage("resp_unknown", undefined)).toBeUndefined();
  });

  it("finds input and output items by id, with the response they belong to, until that response goes", async () => {
    const responses = store();
    await responses.put(record("resp_1", { keptBy: "openai" }));
    const found = await responses.items(["msg_in_resp_1", "msg_out_resp_1", "msg_nowhere"], undefined);
    expect([...found.keys()]).toEqual(["msg_in_resp_1", "msg_out_resp_1"]);
    expect(found.get("msg_out_resp_1")!.record.keptBy).toBe("openai");
    await responses.delete("resp_1", undefined);
    expect((await responses.items(["msg_in_resp_1"], undefined)).size).toBe(0);
  });

  it("forgets what expired, on read and on sweep", async () => {
    const responses = store();
    await responses.put(record("resp_old", { expiresAt: now() - 1 }));
    expect(await responses.get("resp_old", undefined)).toBeUndefined();
    await responses.expire(now());
    expect((await responses.items(["msg_in_resp_old"], undefined)).size).toBe(0);
  });

  it("keeps within its bounds, the least recently used going first", async () => {
    const responses = new MemoryResponseStore({ maxEntries: 2, maxBytes: 1024 * 1024 });
    await responses.put(record("resp_1"));
    await responses.put(record("resp_2"));
    await responses.get("resp_1", undefined);
    await responses.put(record("resp_3"));
    expect(await responses.get("resp_2", undefined)).toBeUndefined();
    expect(await responses.get("resp_1", undefined)).toBeDefined();
    const small = new MemoryResponseStore({ maxEntries: 10, maxBytes: 100 });
    await small.put(record("resp_big"));
    expect(await small.get("resp_big", undefined)).toBeUndefined();
    expect((await small.items(["msg_in_resp_big"], undefined)).size).toBe(0);
  });
});
