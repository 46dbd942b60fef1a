import { GroupCommit } from "../../lib/group-commit.js";
import type { Logger } from "../../log.js";
import type { StoredResponses } from "../../state/stored-responses.js";
import type { InputItem } from "../types.js";
import { itemsById } from "./record-items.js";
import type { ResponseStore, StoredResponse } from "./types.js";

export interface StateResponseStoreOptions {
  logger: Logger;
  /** How often expired responses are deleted. */
  sweepEveryMs: number;
}

/** Responses one write takes at most, and how many may wait for one (past that a put fails at once). */
const WRITE_LIMITS = { maxBatch: 200, maxWaiting: 10_000 };
/** Expired responses deleted per statement, so a large sweep never holds the store for long. */
const SWEEP_BATCH = 500;

/**
 * Stored responses in the state store (SQLite or PostgreSQL): they survive restarts and every
 * replica on the same store sees them. Puts are group-committed (GroupCommit): each resolves once
 * its response is durable, and those that arrive together share one transaction. Expired responses
 * are skipped by every read and deleted at start and every `sweepEveryMs`, off the request path.
 */
export class StateResponseStore implements ResponseStore {
  private readonly writes: GroupCommit<StoredResponse>;
  private readonly sweeper: NodeJS.Timeout;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly records: StoredResponses,
    private readonly options: StateResponseStoreOptions,
  ) {
    this.writes = new GroupCommit((batch) => records.insert(batch), WRITE_LIMITS);
    // At start too: what expired while no replica ran goes at once.
    void this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), options.sweepEveryMs);
    this.sweeper.unref();
  }

  put(record: StoredResponse): Promise<void> {
    return this.writes.add(record);
  }

  get(id: string, owner: string | undefined): Promise<StoredResponse | undefined> {
    return this.records.get(id, owner, nowSeconds());
  }

  async lineage(id: string, owner: string | undefined): Promise<StoredResponse[] | undefined> {
    const chain = await this.records.lineage(id, owner, nowSeconds());
    return chain.length === 0 ? undefined : chain;
  }

  async items(ids: readonly string[], owner: string | undefined): Promise<Map<string, { item: InputItem; record: StoredResponse }>> {
    if (ids.length === 0) return new Map();
    return itemsById(await this.records.holding(ids, owner, nowSeconds()), ids);
  }

  delete(id: string, owner: string | undefined): Promise<boolean> {
    return this.records.delete(id, owner, nowSeconds());
  }

  async expire(now: number): Promise<void> {
    while ((await this.records.expire(Math.floor(now), SWEEP_BATCH)) === SWEEP_BATCH);
  }

  /** Finishes the writes under way (the state store closes after this). */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.sweeping;
    await this.writes.settled();
  }

  /** One sweep at a time; a failing one is logged and tried again at the next. */
  private sweep(): Promise<void> {
    this.sweeping ??= this.expire(nowSeconds())
      .catch((error: unknown) => this.options.logger.warn("could not delete expired responses from the state store", { error }))
      .finally(() => {
        this.sweeping = undefined;
      });
    return this.sweeping;
  }
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
