import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { MemoryLimitStore } from "../../../src/access/limits/memory-store.js";
import { RedisLimitStore } from "../../../src/access/limits/redis-store.js";
import type { AdmitInput, LimitStore } from "../../../src/access/limits/store.js";
import { RedisConnection } from "../../../src/redis/connection.js";

const redisUrl = inject("redisUrl");
if (!redisUrl) console.warn("No Redis on 127.0.0.1:6379: the Redis limit store tests are skipped.");

const connections: RedisConnection[] = [];
afterAll(async () => {
  for (const connection of connections) {
    const keys = await connection.client.keys(`${connection.prefix}*`);
    if (keys.length > 0) await connection.client.del(...keys);
    connection.close();
  }
});

function redisStore(): LimitStore {
  const connection = new RedisConnection({
    url: redisUrl!,
    timeoutMs: 1000,
    keyPrefix: `llm-proxy-test:${randomBytes(4).toString("hex")}:`,
  });
  connections.push(connection);
  return new RedisLimitStore(connection);
}

let sequence = 0;
const request = (fields: Partial<AdmitInput>): AdmitInput => ({
  id: `r${++sequence}`,
  windows: [],
  parallel: undefined,
  budget: undefined,
  ...fields,
});
const minute = (key: string, limit: number, cost = 1) => ({ key, limit, windowMs: 60_000, cost });

/** The same behaviour from both stores: the memory store in one process, the Redis store for every replica. */
const stores: [string, () => LimitStore, boolean][] = [
  ["memory", () => new MemoryLimitStore(), true],
  ["redis", redisStore, Boolean(redisUrl)],
];

describe.each(stores)("the %s limit store", (_name, makeStore, available) => {
  it.runIf(available)("admits up to the limit, then refuses with the usage and a wait", async () => {
    const store = makeStore();
    for (let i = 0; i < 3; i++) expect((await store.admit(request({ windows: [minute("rpm", 3)] }))).status).toBe("admitted");
    const refused = await store.admit(request({ windows: [minute("rpm", 3)] }));
    expect(refused.status).toBe("window");
    if (refused.status !== "window") return;
    expect(refused.refused).toBe(0);
    expect(refused.windows[0]!.used).toBe(3);
    expect(refused.windows[0]!.retryMs).toBeGreaterThan(0);
    expect(refused.windows[0]!.retryMs).toBeLessThanOrEqual(120_000);
  });

  it.runIf(available)("reserves all limits of a request or none: a refusal by one leaves the others untouched", async () => {
    const store = makeStore();
    expect((await store.admit(request({ windows: [minute("b", 1)] }))).status).toBe("admitted");
    const refused = await store.admit(request({ windows: [minute("a", 5), minute("b", 1)] }));
    expect(refused.status === "window" && refused.refused).toBe(1);
    const next = await store.admit(request({ windows: [minute("a", 5)] }));
    expect(next.status === "admitted" && next.windows[0]!.used).toBe(0);
  });

  it.runIf(available)("refuses for good a cost larger than the whole limit", async () => {
    const store = makeStore();
    const refused = await store.admit(request({ windows: [minute("tpm", 1000, 1500)] }));
    expect(refused.status === "window" && refused.windows[0]!.retryMs).toBe(-1);
  });

  it.runIf(available)("settles reserved tokens to the real count", async () => {
    const store = makeStore();
    const first = await store.admit(request({ id: "t1", windows: [minute("tpm", 1000, 900)] }));
    expect(first.status).toBe("admitted");
    if (first.status !== "admitted") return;
    expect((await store.admit(request({ windows: [minute("tpm", 1000, 200)] }))).status).toBe("window");
    await store.settle({
      id: "t1",
      windows: [{ key: "tpm", index: first.windows[0]!.index, delta: 100 - 900 }],
      parallelKey: undefined,
      budget: undefined,
    });
    const after = await store.admit(request({ windows: [minute("tpm", 1000, 200)] }));
    expect(after.status === "admitted" && after.windows[0]!.used).toBe(100);
  });

  it.runIf(available)("holds an in-flight slot per request until it settles", async () => {
    const store = makeStore();
    const parallel = { key: "inflight", limit: 2 };
    expect((await store.admit(request({ id: "p1", parallel }))).status).toBe("admitted");
    expect((await store.admit(request({ id: "p2", parallel }))).status).toBe("admitted");
    expect(await store.admit(request({ id: "p3", parallel }))).toEqual({ status: "parallel", inFlight: 2, windows: [] });
    await store.settle({ id: "p1", windows: [], parallelKey: "inflight", budget: undefined });
    expect((await store.admit(request({ id: "p4", parallel }))).status).toBe("admitted");
  });

  it.runIf(available)("reserves budget for requests in flight and refuses what would go over", async () => {
    const store = makeStore();
    const budget = (reserveNano: number, knownSpentNano = 0) => ({
      key: "budget",
      limitNano: 1000,
      reserveNano,
      knownSpentNano,
      ttlMs: 60_000,
    });
    expect((await store.admit(request({ id: "b1", budget: budget(400) }))).status).toBe("admitted");
    expect((await store.admit(request({ id: "b2", budget: budget(400) }))).status).toBe("admitted");
    expect(await store.admit(request({ id: "b3", budget: budget(400) }))).toEqual({
      status: "budget",
      spentNano: 0,
      reservedNano: 800,
      windows: [],
    });
    // b1 used less than it reserved: its spend is known, its reservation gone.
    await store.settle({
      id: "b1",
      windows: [],
      parallelKey: undefined,
      budget: { key: "budget", reservedNano: 400, actualNano: 100, knownSpentNano: 100, ttlMs: 60_000 },
    });
    expect((await store.admit(request({ id: "b4", budget: budget(400, 100) }))).status).toBe("admitted");
    // Spent all: even a request that reserves nothing (an unpriced model) is refused.
    expect((await store.admit(request({ budget: { ...budget(0, 1000) } }))).status).toBe("budget");
  });
});

describe.runIf(Boolean(redisUrl))("the Redis limit store across replicas", () => {
  it("keeps one window and one budget for every connection", async () => {
    const first = redisStore();
    const prefix = connections.at(-1)!.prefix;
    const connection = new RedisConnection({ url: redisUrl!, timeoutMs: 1000, keyPrefix: prefix });
    connections.push(connection);
    const second = new RedisLimitStore(connection);
    for (const store of [first, second, first])
      expect((await store.admit(request({ windows: [minute("shared", 3)] }))).status).toBe("admitted");
    expect((await second.admit(request({ windows: [minute("shared", 3)] }))).status).toBe("window");
    const budget = { key: "shared-budget", limitNano: 10, reserveNano: 1, knownSpentNano: 0, ttlMs: 60_000 };
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? first : second).admit(request({ budget }))));
    expect(results.filter((result) => result.status === "admitted")).toHaveLength(10);
  });
});

describe.each(stores)("the %s limit store's refusals", (_name, makeStore, available) => {
  it.runIf(available)("report the windows too, so every answer can say how much room is left", async () => {
    const store = makeStore();
    const parallel = { key: "inflight-w", limit: 1 };
    expect((await store.admit(request({ windows: [minute("w", 10)], parallel }))).status).toBe("admitted");
    const refused = await store.admit(request({ windows: [minute("w", 10)], parallel }));
    expect(refused).toMatchObject({ status: "parallel", inFlight: 1, windows: [{ used: 1, retryMs: 0 }] });
  });
});
