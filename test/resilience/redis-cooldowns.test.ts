import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { RedisConnection } from "../../src/redis/connection.js";
import { RedisCooldowns } from "../../src/resilience/redis-cooldowns.js";
import { IN_CI } from "../helpers/services.js";

const redisUrl = inject("redisUrl");
const config = { failures: 2, window_s: 60, duration_s: 1 };
let redis: RedisConnection;
let shared: RedisCooldowns;

beforeAll(() => {
  if (!redisUrl) return;
  redis = new RedisConnection({ url: redisUrl, timeoutMs: 500, keyPrefix: `llm-proxy-test:${randomUUID()}:` });
  shared = new RedisCooldowns(redis);
});

afterAll(async () => {
  if (!redis) return;
  const keys = await redis.client.keys(`${redis.prefix}*`);
  if (keys.length > 0) await redis.client.del(...keys);
  redis.close();
});

describe("cooldowns on Redis", () => {
  it("counts failures in a shared window and takes the target out at the threshold, until the later end", async (context) => {
    if (!redisUrl) {
      if (IN_CI) throw new Error("no Redis for the cooldown store test");
      return context.skip();
    }
    const until = Date.now() + 1000;
    expect(await shared.failure("p/m", config, until)).toBe(false);
    expect(await shared.read()).toEqual(new Map());
    expect(await shared.failure("p/m", config, until)).toBe(true);
    expect(await shared.read()).toEqual(new Map([["p/m", until]]));
    // The window starts afresh with the cooldown; an earlier end does not shorten it.
    await shared.cool("p/m", until - 500);
    expect((await shared.read()).get("p/m")).toBe(until);
    expect(await shared.failure("p/m", config, until + 5000)).toBe(false);
    expect(Number(await redis.client.pttl(`${redis.prefix}cooldown:failures:p/m`))).toBeGreaterThan(59_000);
  });

  it("gives the probe to one claimant, frees it on release, a new cooldown and a recovery", async (context) => {
    if (!redisUrl) return context.skip();
    expect(await shared.claimProbe("p/probe", 10_000)).toBe(true);
    expect(await shared.claimProbe("p/probe", 10_000)).toBe(false);
    await shared.releaseProbe("p/probe");
    expect(await shared.claimProbe("p/probe", 10_000)).toBe(true);
    await shared.cool("p/probe", Date.now() + 1000);
    expect(await shared.claimProbe("p/probe", 10_000)).toBe(true);
    await shared.recovered("p/probe");
    expect((await shared.read()).has("p/probe")).toBe(false);
    expect(await shared.claimProbe("p/probe", 10_000)).toBe(true);
    await shared.forget(["p/m"]);
    expect(await shared.read()).toEqual(new Map());
  });
});
