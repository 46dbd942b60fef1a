import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import type { Logger } from "../log.js";
import type { RedisConnection } from "../redis/connection.js";
import type { SecretBox } from "../state/secret-box.js";
import type { StateStore } from "../state/store.js";
import { type ChangeFeed, type ChangeHandlers, type ChangeScope, NO_FEED } from "./change-feed.js";
import { openClusterFeed } from "./cluster-feed.js";
import { openPostgresFeed } from "./postgres-feed.js";
import { openRedisFeed } from "./redis-feed.js";
import { EMPTY_STORED_STATE, readStoredState, type StoredState } from "./stored-state.js";

export interface LiveConfigDeps {
  store: StateStore;
  /** The store's URL (a PostgreSQL store listens for announcements on a connection of its own). */
  stateUrl: string;
  box: SecretBox | undefined;
  redis: RedisConnection | undefined;
  logger: Logger;
  pollSeconds: number;
  /** Builds and swaps in the running config from a stored state that changed. */
  apply(state: StoredState): void;
  /** Reads the virtual keys again. */
  refreshKeys(): Promise<void>;
}

/**
 * Keeps the running config in step with the state store on every replica: read at start, read
 * again when this replica changes it (before its admin API answers, so the next request sees the
 * change), when another replica announces a change (PostgreSQL NOTIFY, Redis pub/sub, or the
 * primary of `--workers`), and every `state.poll_seconds` as a backstop for a lost announcement.
 * Reads never overlap, and a state that has not changed is not built again.
 */
export class LiveConfig {
  /** Tells this replica's own announcements apart from the others'. */
  private readonly self = randomUUID();
  private current: StoredState = EMPTY_STORED_STATE;
  private feed: ChangeFeed = NO_FEED;
  private poller: NodeJS.Timeout | undefined;
  private active: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private failing = false;

  constructor(private readonly deps: LiveConfigDeps) {}

  get stored(): StoredState {
    return this.current;
  }

  /** Reads the stored state and starts listening; throws when the first read fails (the proxy cannot know its providers). */
  async start(): Promise<void> {
    await this.readAndApply(true);
    this.feed = await this.openFeed();
    this.poller = setInterval(() => void this.refreshAll(), this.deps.pollSeconds * 1000);
    this.poller.unref();
  }

  /** Reads the providers again; one asked for while a read runs follows it, and later asks join that one. */
  refresh(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.active.then(() => {
      this.queued = undefined;
      return this.readAndApply(false);
    });
    this.queued = next;
    this.active = next;
    return next;
  }

  /** A change this replica made: in effect here at once, then announced to the others. */
  async changed(scope: ChangeScope): Promise<void> {
    await this.apply(scope);
    await this.feed.announce(scope);
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    await this.feed.close();
  }

  private async apply(scope: ChangeScope): Promise<void> {
    if (scope === "providers") await this.refresh();
    else await this.deps.refreshKeys().catch(() => {});
  }

  private async refreshAll(): Promise<void> {
    await Promise.all([this.refresh(), this.deps.refreshKeys().catch(() => {})]);
  }

  private async readAndApply(first: boolean): Promise<void> {
    try {
      const next = await readStoredState(this.deps.store.db, this.deps.box, this.current);
      if (next !== this.current) this.deps.apply(next);
      this.current = next;
      if (this.failing) this.deps.logger.info("stored providers are read from the state store again");
      this.failing = false;
    } catch (error) {
      if (first) throw error;
      if (!this.failing)
        this.deps.logger.error("could not read stored providers from the state store; the providers read last stay in use", { error });
      this.failing = true;
    }
  }

  private openFeed(): Promise<ChangeFeed> | ChangeFeed {
    const handlers: ChangeHandlers = {
      changed: (scope) => void this.apply(scope),
      resumed: () => void this.refreshAll(),
    };
    const { store, stateUrl, redis, logger } = this.deps;
    if (store.dialect === "postgres") return openPostgresFeed(stateUrl, store.db, this.self, handlers, logger);
    if (redis) return openRedisFeed(redis, this.self, handlers, logger);
    if (cluster.isWorker) return openClusterFeed(this.self, handlers);
    return NO_FEED;
  }
}
