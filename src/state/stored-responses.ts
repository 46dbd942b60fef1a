import { type Insertable, type Kysely, type Selectable, sql } from "kysely";
import { itemsOf } from "../responses/store/record-items.js";
import type { StoredResponse } from "../responses/store/types.js";
import type { InputItem } from "../responses/types.js";
import type { StateStore } from "./store.js";
import type { ResponseItemRow, ResponseRow, StateTables } from "./tables.js";

/**
 * How far `lineage` follows previous_response_id. Far beyond any conversation a model's context
 * holds; it only bounds the walk should a chain ever loop (ids an upstream chose could).
 */
const MAX_LINEAGE = 10_000;
/** Rows (or ids) per statement: well within SQLite's and PostgreSQL's limits on bound parameters. */
const ROWS_PER_STATEMENT = 500;
/** Bound parameters of one statement at most; PostgreSQL takes up to 65,535. */
const MAX_PARAMETERS = 30_000;

/**
 * Stored responses in the state store: written in batches, read by id, by lineage and by item,
 * always for one owner and only while unexpired. `now` is whole Unix seconds. An owner of undefined (the
 * proxy is open) is stored as ''.
 */
export class StoredResponses {
  constructor(
    private readonly db: Kysely<StateTables>,
    private readonly dialect: StateStore["dialect"],
  ) {}

  /**
   * Writes the records and their items' ids, all or nothing. An id that is stored already keeps
   * the response it has: a response is written once, by the key that made it.
   */
  async insert(records: readonly StoredResponse[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((record) => ({ row: toRow(record), items: itemRows(record) }));
    // A client waits for this write: on PostgreSQL one round trip rather than four (begin, two inserts, commit).
    if (this.dialect === "postgres" && parameters(rows) <= MAX_PARAMETERS) return this.insertAtOnce(rows);
    await this.db.transaction().execute(async (trx) => {
      const written = new Set<string>();
      for (const chunk of chunks(rows, ROWS_PER_STATEMENT)) {
        const inserted = await trx
          .insertInto("responses")
          .values(chunk.map(({ row }) => row))
          .onConflict((conflict) => conflict.column("id").doNothing())
          .returning("id")
          .execute();
        for (const row of inserted) written.add(row.id);
      }
      const items = rows.flatMap(({ row, items }) => (written.has(row.id) ? items : []));
      for (const chunk of chunks(items, ROWS_PER_STATEMENT)) {
        await trx
          .insertInto("response_items")
          .values(chunk)
          .onConflict((conflict) => conflict.columns(["item_id", "response_id"]).doNothing())
          .execute();
      }
    });
  }

  /** PostgreSQL's data-modifying CTE: the responses, then the items of those that were new, in one statement. */
  private async insertAtOnce(rows: { row: Insertable<ResponseRow>; items: ResponseItemRow[] }[]): Promise<void> {
    const responses = sql.join(
      rows.map(
        ({ row }) =>
          sql`(${row.id}, ${row.owner}, ${row.created_at}, ${row.expires_at}, ${row.kept_by}, ${row.previous_response_id}, ${row.input_items}, ${row.response})`,
      ),
    );
    const insertResponses = sql`insert into responses (id, owner, created_at, expires_at, kept_by, previous_response_id, input_items, response)
      values ${responses} on conflict (id) do nothing returning id`;
    const items = rows.flatMap((entry) => entry.items);
    if (items.length === 0) {
      await insertResponses.execute(this.db);
      return;
    }
    const itemValues = sql.join(items.map((item) => sql`(${item.item_id}, ${item.response_id})`));
    await sql`with written as (${insertResponses})
      insert into response_items (item_id, response_id)
      select item.item_id, item.response_id from (values ${itemValues}) as item (item_id, response_id)
      where item.response_id in (select id from written)
      on conflict do nothing`.execute(this.db);
  }

  async get(id: string, owner: string | undefined, now: number): Promise<StoredResponse | undefined> {
    const row = await this.db
      .selectFrom("responses")
      .selectAll()
      .where("id", "=", id)
      .where("owner", "=", owner ?? "")
      .where("expires_at", ">", now)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** `id` and its ancestors, oldest first, in one recursive query; the chain stops at one that is gone or another owner's. */
  async lineage(id: string, owner: string | undefined, now: number): Promise<StoredResponse[]> {
    const key = owner ?? "";
    const { rows } = await sql<Selectable<ResponseRow> & { depth: number }>`
      with recursive chain (id, previous_response_id, depth) as (
        select id, previous_response_id, 0 from responses
        where id = ${id} and owner = ${key} and expires_at > ${now}
        union all
        select r.id, r.previous_response_id, chain.depth + 1 from responses r
        join chain on r.id = chain.previous_response_id
        where r.owner = ${key} and r.expires_at > ${now} and chain.depth < ${MAX_LINEAGE}
      )
      select responses.*, chain.depth from chain join responses on responses.id = chain.id
      order by chain.depth`.execute(this.db);
    const seen = new Set<string>();
    const chain: StoredResponse[] = [];
    for (const row of rows) {
      if (seen.has(row.id)) break;
      seen.add(row.id);
      chain.push(toRecord(row));
    }
    return chain.reverse();
  }

  /** The owner's unexpired responses that hold items with these ids (as input or output), oldest first. */
  async holding(itemIds: readonly string[], owner: string | undefined, now: number): Promise<StoredResponse[]> {
    const found: StoredResponse[] = [];
    for (const ids of chunks(itemIds, ROWS_PER_STATEMENT)) {
      const rows = await this.db
        .selectFrom("responses")
        .selectAll()
        .where("id", "in", (eb) => eb.selectFrom("response_items").select("response_id").where("item_id", "in", ids))
        .where("owner", "=", owner ?? "")
        .where("expires_at", ">", now)
        .execute();
      found.push(...rows.map(toRecord));
    }
    return found.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** True when the owner had such a response (unexpired) to delete. */
  async delete(id: string, owner: string | undefined, now: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const deleted = await trx
        .deleteFrom("responses")
        .where("id", "=", id)
        .where("owner", "=", owner ?? "")
        .where("expires_at", ">", now)
        .executeTakeFirst();
      if (deleted.numDeletedRows === 0n) return false;
      await trx.deleteFrom("response_items").where("response_id", "=", id).execute();
      return true;
    });
  }

  /** Deletes up to `limit` responses past their expiry, with their items; answers how many went. */
  async expire(now: number, limit: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const expired = await trx.selectFrom("responses").select("id").where("expires_at", "<=", now).limit(limit).execute();
      if (expired.length === 0) return 0;
      const ids = expired.map((row) => row.id);
      await trx.deleteFrom("response_items").where("response_id", "in", ids).execute();
      await trx.deleteFrom("responses").where("id", "in", ids).execute();
      return ids.length;
    });
  }
}

function toRow(record: StoredResponse): Insertable<ResponseRow> {
  return {
    id: record.id,
    owner: record.owner ?? "",
    created_at: record.createdAt,
    expires_at: record.expiresAt,
    kept_by: record.keptBy ?? null,
    previous_response_id: record.previousResponseId ?? null,
    input_items: JSON.stringify(record.inputItems),
    response: JSON.stringify(record.response),
  };
}

function toRecord(row: Selectable<ResponseRow>): StoredResponse {
  return {
    id: row.id,
    owner: row.owner === "" ? undefined : row.owner,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    keptBy: row.kept_by ?? undefined,
    previousResponseId: row.previous_response_id ?? undefined,
    inputItems: JSON.parse(row.input_items) as InputItem[],
    response: JSON.parse(row.response) as StoredResponse["response"],
  };
}

/** The ids of a record's items, input and output, each once. */
function itemRows(record: StoredResponse): ResponseItemRow[] {
  const ids = new Set<string>();
  for (const item of itemsOf(record)) {
    if (typeof item.id === "string" && item.id !== "") ids.add(item.id);
  }
  return [...ids].map((item_id) => ({ item_id, response_id: record.id }));
}

/** The parameters a single-statement insert of these rows binds: eight a response, two an item. */
function parameters(rows: readonly { items: readonly ResponseItemRow[] }[]): number {
  return rows.reduce((sum, { items }) => sum + 8 + 2 * items.length, 0);
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
}
