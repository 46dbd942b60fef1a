import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStateStore, type StateStore } from "../../src/state/store.js";
import { StoredResponses } from "../../src/state/stored-responses.js";
import { nowSeconds, storedRecord } from "../helpers/response-store-contract.js";
import { useStateDialects } from "../helpers/state.js";

const dialects = useStateDialects("stored-response");
const unique = () => `resp_${randomBytes(12).toString("hex")}`;

describe.each(dialects)("the responses tables on %s", (_dialect, url, available) => {
  let state: StateStore;
  let records: StoredResponses;
  beforeAll(async () => {
    if (!available) return;
    state = await openStateStore(url());
    records = new StoredResponses(state.db, state.dialect);
  });
  afterAll(() => state?.close());

  it.runIf(available)("are made by the migration, with the expiry and item indexes", async () => {
    const tables = await state.db.introspection.getTables();
    const columns = (name: string) => tables.find((table) => table.name === name)?.columns.map((column) => column.name);
    expect(columns("responses")).toEqual(
      expect.arrayContaining(["id", "owner", "created_at", "expires_at", "kept_by", "previous_response_id", "input_items", "response"]),
    );
    expect(columns("response_items")).toEqual(expect.arrayContaining(["item_id", "response_id"]));
    const query =
      state.dialect === "sqlite"
        ? sql<{ name: string }>`select name from sqlite_master where type = 'index'`
        : sql<{ name: string }>`select indexname as name from pg_indexes`;
    const { rows: indexes } = await query.execute(state.db);
    expect(indexes.map((index) => index.name)).toEqual(expect.arrayContaining(["responses_by_expiry", "response_items_by_response"]));
  });

  it.runIf(available)("keep the JSON exactly as the client was given it, the owner's id and every item id", async () => {
    const id = unique();
    // Keys out of alphabetical order: a jsonb column would hand them back reordered.
    const record = storedRecord(id, { owner: "config:frontend" });
    record.response = { status: "completed", id, object: "response", output: record.response.output } as never;
    await records.insert([record]);
    const row = await state.db.selectFrom("responses").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.response).toBe(JSON.stringify(record.response));
    expect(row.input_items).toBe(JSON.stringify(record.inputItems));
    expect(row.owner).toBe("config:frontend");
    const items = await state.db.selectFrom("response_items").select("item_id").where("response_id", "=", id).orderBy("item_id").execute();
    expect(items.map((item) => item.item_id)).toEqual([`msg_in_${id}`, `msg_out_${id}`]);

    const open = unique();
    await records.insert([storedRecord(open)]);
    const openRow = await state.db.selectFrom("responses").select("owner").where("id", "=", open).executeTakeFirstOrThrow();
    expect(openRow.owner).toBe("");
  });

  it.runIf(available)("keep the first response written under an id: another key cannot replace it", async () => {
    const id = unique();
    await records.insert([storedRecord(id, { owner: "config:a" })]);
    const intruder = storedRecord(id, { owner: "config:b", keptBy: "openai" });
    intruder.inputItems = [{ id: "msg_intruder", type: "message", role: "user", content: [] }];
    await records.insert([intruder]);
    expect((await records.get(id, "config:a", nowSeconds()))?.keptBy).toBeUndefined();
    expect(await records.get(id, "config:b", nowSeconds())).toBeUndefined();
    expect(await state.db.selectFrom("response_items").select("response_id").where("item_id", "=", "msg_intruder").execute()).toEqual([]);
  });

  it.runIf(available)("write a batch too large for one statement, and responses without items", async () => {
    const [large, bare] = [unique(), unique()];
    const many = Array.from({ length: 16_000 }, (_, index) => ({
      id: `msg_${large}_${index}`,
      type: "message",
      role: "user",
      content: [],
    }));
    const empty = storedRecord(bare, { inputItems: [] });
    empty.response = { ...empty.response, output: [] };
    await records.insert([storedRecord(large, { inputItems: many }), empty]);
    const counted = await state.db
      .selectFrom("response_items")
      .select((eb) => eb.fn.countAll<number>().as("items"))
      .where("response_id", "=", large)
      .executeTakeFirstOrThrow();
    expect(Number(counted.items)).toBe(16_001);
    expect((await records.get(bare, undefined, nowSeconds()))?.inputItems).toEqual([]);
  });

  it.runIf(available)("give a long lineage in one query, oldest first, and stop a chain that loops", async () => {
    const ids = Array.from({ length: 300 }, unique);
    await records.insert(ids.map((id, index) => storedRecord(id, { previousResponseId: ids[index - 1] })));
    expect((await records.lineage(ids.at(-1)!, undefined, nowSeconds())).map((record) => record.id)).toEqual(ids);

    const [a, b] = [unique(), unique()];
    await records.insert([storedRecord(a, { previousResponseId: b }), storedRecord(b, { previousResponseId: a })]);
    expect((await records.lineage(a, undefined, nowSeconds())).map((record) => record.id)).toEqual([b, a]);
  });

  it.runIf(available)("find the responses that hold items, oldest first, only the owner's and only unexpired", async () => {
    const [older, newer, expired, others] = [unique(), unique(), unique(), unique()];
    const shared = { id: "msg_shared", type: "message", role: "user", content: [] };
    await records.insert([
      storedRecord(older, { owner: "config:a", createdAt: 100, inputItems: [shared] }),
      storedRecord(newer, { owner: "config:a", createdAt: 200, inputItems: [shared] }),
      storedRecord(expired, { owner: "config:a", expiresAt: nowSeconds() - 1, inputItems: [shared] }),
      storedRecord(others, { owner: "config:b", inputItems: [shared] }),
    ]);
    const holding = await records.holding(["msg_shared"], "config:a", nowSeconds());
    expect(holding.map((record) => record.id)).toEqual([older, newer]);
  });
});
