import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../../src/log.js";
import { StateResponseStore } from "../../../src/responses/store/state-store.js";
import { openStateStore, type StateStore } from "../../../src/state/store.js";
import { StoredResponses } from "../../../src/state/stored-responses.js";
import { behavesAsResponseStore, nowSeconds, storedRecord } from "../../helpers/response-store-contract.js";
import { useStateDialects } from "../../helpers/state.js";

const dialects = useStateDialects("response store");
const unique = () => `resp_${randomBytes(12).toString("hex")}`;
const responseStore = (state: StateStore) =>
  new StateResponseStore(new StoredResponses(state.db, state.dialect), { logger: silentLogger, sweepEveryMs: 3_600_000 });

describe.each(dialects)("StateResponseStore on %s", (_dialect, url, available) => {
  let state: StateStore;
  let store: StateResponseStore;
  beforeAll(async () => {
    if (!available) return;
    state = await openStateStore(url());
    store = responseStore(state);
  });
  afterAll(async () => {
    await store?.close();
    await state?.close();
  });

  describe.runIf(available)("as every response store", () => {
    behavesAsResponseStore(() => store, unique);
  });

  it.runIf(available)("has a put readable by another replica the moment it resolves, and after a restart", async () => {
    const other = await openStateStore(url());
    const id = unique();
    try {
      await store.put(storedRecord(id, { owner: "vk:vk_1", keptBy: "openai", previousResponseId: "resp_before" }));
      const seen = await responseStore(other).get(id, "vk:vk_1");
      expect(seen).toEqual(storedRecord(id, { owner: "vk:vk_1", keptBy: "openai", previousResponseId: "resp_before" }));
    } finally {
      await other.close();
    }
    const reopened = await openStateStore(url());
    try {
      expect((await responseStore(reopened).get(id, "vk:vk_1"))?.id).toBe(id);
    } finally {
      await reopened.close();
    }
  });

  it.runIf(available)("writes puts that arrive together in one transaction, and each resolves once it is written", async () => {
    const records = new StoredResponses(state.db, state.dialect);
    const insert = vi.spyOn(records, "insert");
    const batched = new StateResponseStore(records, { logger: silentLogger, sweepEveryMs: 3_600_000 });
    const ids = Array.from({ length: 50 }, unique);
    await Promise.all(ids.map((id) => batched.put(storedRecord(id, { owner: "config:a" }))));
    expect(insert).toHaveBeenCalledTimes(1);
    expect(insert.mock.calls[0]![0]).toHaveLength(50);
    const found = await Promise.all(ids.map((id) => batched.get(id, "config:a")));
    expect(found.map((record) => record?.id)).toEqual(ids);
    // One put alone is not kept waiting for company.
    const started = performance.now();
    await batched.put(storedRecord(unique()));
    expect(performance.now() - started).toBeLessThan(500);
    expect(insert).toHaveBeenCalledTimes(2);
    await batched.close();
  });

  it.runIf(available)("deletes expired responses on its sweep, in batches, and keeps the others", async () => {
    const expired = Array.from({ length: 700 }, unique);
    const live = unique();
    await Promise.all([
      ...expired.map((id) => store.put(storedRecord(id, { expiresAt: nowSeconds() - 10 }))),
      store.put(storedRecord(live)),
    ]);
    await store.expire(nowSeconds());
    const left = await state.db
      .selectFrom("responses")
      .select("id")
      .where("id", "in", [...expired, live])
      .execute();
    expect(left.map((row) => row.id)).toEqual([live]);
    const items = await state.db.selectFrom("response_items").select("item_id").where("response_id", "in", expired).execute();
    expect(items).toEqual([]);
  });

  it.runIf(available)("waits on close for the puts under way", async () => {
    const closing = responseStore(state);
    const id = unique();
    const put = closing.put(storedRecord(id));
    await closing.close();
    await put;
    expect((await store.get(id, undefined))?.id).toBe(id);
  });
});
