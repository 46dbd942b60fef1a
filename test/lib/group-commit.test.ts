import { describe, expect, it } from "vitest";
import { GroupCommit, GroupCommitFull } from "../../src/lib/group-commit.js";

/** A write that takes until the test lets it finish, noting each batch. */
function gatedWrites() {
  const batches: number[][] = [];
  const gates: Array<(error?: Error) => void> = [];
  const write = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(items);
      gates.push((error) => (error ? reject(error) : resolve()));
    });
  const open = async (error?: Error) => {
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    gates.shift()!(error);
  };
  return { batches, write, open };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("GroupCommit", () => {
  it("resolves each add only once its batch is written, and sends what arrives meanwhile as the next batch", async () => {
    const writes = gatedWrites();
    const commit = new GroupCommit(writes.write, { maxBatch: 100, maxWaiting: 100 });
    const done: number[] = [];
    const add = (n: number) => commit.add(n).then(() => done.push(n));
    const first = add(1);
    await tick();
    const rest = [2, 3, 4].map(add);
    await tick();
    expect(writes.batches).toEqual([[1]]);
    expect(done).toEqual([]);
    await writes.open();
    await first;
    expect(done).toEqual([1]);
    await writes.open();
    await Promise.all(rest);
    expect(writes.batches).toEqual([[1], [2, 3, 4]]);
    expect(done).toEqual([1, 2, 3, 4]);
  });

  it("takes what is added in one turn of the event loop into one write, at most maxBatch at a time", async () => {
    const batches: number[][] = [];
    const commit = new GroupCommit(async (items: number[]) => void batches.push(items), { maxBatch: 3, maxWaiting: 100 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => commit.add(n)));
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it("fails every add of a failed batch, and goes on with the next", async () => {
    const writes = gatedWrites();
    const commit = new GroupCommit(writes.write, { maxBatch: 100, maxWaiting: 100 });
    const failed = [commit.add(1), commit.add(2)].map((added) =>
      added.then(
        () => "ok",
        (error: Error) => error.message,
      ),
    );
    await tick();
    const later = commit.add(3);
    await writes.open(new Error("connection refused"));
    expect(await Promise.all(failed)).toEqual(["connection refused", "connection refused"]);
    await writes.open();
    await expect(later).resolves.toBeUndefined();
  });

  it("refuses at once past maxWaiting instead of piling up behind a store that stalls", async () => {
    const writes = gatedWrites();
    const commit = new GroupCommit(writes.write, { maxBatch: 1, maxWaiting: 2 });
    const writing = commit.add(1);
    await tick();
    const waiting = [commit.add(2), commit.add(3)];
    await expect(commit.add(4)).rejects.toBeInstanceOf(GroupCommitFull);
    let settled = false;
    const all = commit.settled().then(() => (settled = true));
    for (let i = 0; i < 3; i++) await writes.open();
    await Promise.all([writing, ...waiting, all]);
    expect(settled).toBe(true);
    expect(writes.batches).toEqual([[1], [2], [3]]);
  });
});
