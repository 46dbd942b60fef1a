interface Waiting<T> {
  item: T;
  resolve(): void;
  reject(error: unknown): void;
}

export interface GroupCommitLimits {
  /** Items one write takes at most. */
  maxBatch: number;
  /** Items that may wait at once; past it `add` fails at once rather than pile up behind a store that stalls. */
  maxWaiting: number;
}

export class GroupCommitFull extends Error {
  override name = "GroupCommitFull";
}

/**
 * Group commit: each `add` resolves once its item is written, and items that arrive while a write
 * is under way go out together in the next one. Alone, an item waits for one write of its own (it
 * starts once the event loop has run the I/O callbacks of its turn, so what they add joins it);
 * under load, many share one round trip instead of queueing for a connection each. `write` stores
 * a batch whole or throws, which fails every `add` of that batch.
 */
export class GroupCommit<T> {
  private queue: Waiting<T>[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly limits: GroupCommitLimits,
  ) {}

  add(item: T): Promise<void> {
    if (this.queue.length >= this.limits.maxWaiting) {
      return Promise.reject(new GroupCommitFull(`${this.queue.length} writes are waiting already`));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= new Promise<void>((started) => setImmediate(started)).then(() => this.drain());
    });
  }

  /** Resolves once everything added so far is written (or has failed). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.limits.maxBatch);
      try {
        await this.write(batch.map((waiting) => waiting.item));
        for (const waiting of batch) waiting.resolve();
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.running = undefined;
  }
}
