import { describe, expect, it } from "vitest";
import { MemoryResponseStore } from "../../../src/responses/store/memory-store.js";
import { behavesAsResponseStore, storedRecord as record } from "../../helpers/response-store-contract.js";

let next = 0;
const store = () => new MemoryResponseStore({ maxEntries: 100, maxBytes: 1024 * 1024 });

describe("MemoryResponseStore", () => {
  behavesAsResponseStore(store, () => `resp_${++next}`);

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
