import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { fault, startChaosUpstream, type ChaosUpstream } from "../helpers/chaos-upstream.js";
import { parseMetrics, total } from "../helpers/metrics.js";
import { startProxyProcess, type ProxyProcess } from "../helpers/proxy-process.js";
import { freePort, IN_CI } from "../helpers/services.js";

/**
 * Cooldowns end to end: a target that keeps failing leaves rotation, comes back through one probe
 * request, and, with redis.url, does so for every replica; Redis being down fails no request.
 */

const redisUrl = inject("redisUrl");
const messages = [{ role: "user" as const, content: "Hello" }];
let primary: ChaosUpstream;
let backup: ChaosUpstream;

beforeAll(async () => {
  [primary, backup] = await Promise.all([startChaosUpstream("openai"), startChaosUpstream("openai")]);
});

beforeEach(() => {
  primary.script();
  backup.script();
});

afterAll(async () => {
  await Promise.all([primary?.close(), backup?.close()]);
});

function config(extra = "", durationS = 1): string {
  return `
retry: { max_retries: 1, backoff_ms: 10, max_backoff_ms: 20, max_retry_after_ms: 300 }
cooldown: { failures: 2, window_s: 60, duration_s: ${durationS} }
providers:
  primary: { type: openai, base_url: "${primary.url}/v1", api_key: sk-cooldown-primary-01 }
  backup: { type: openai, base_url: "${backup.url}/v1", api_key: sk-cooldown-backup-02 }
routes:
  - { match: chat, provider: primary, model: gpt-4o, fallbacks: [backup/gpt-4o] }
${extra}`;
}

/** Calls primary and backup received while `run` ran. */
async function calls(run: () => Promise<unknown>): Promise<{ primary: number; backup: number }> {
  const before = [primary.requests.length, backup.requests.length];
  await run();
  return { primary: primary.requests.length - before[0]!, backup: backup.requests.length - before[1]! };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function cooling(proxy: ProxyProcess): Promise<number> {
  return total(parseMetrics(await proxy.metrics()), "llm_proxy_targets_cooling_down", { provider: "primary" });
}

describe("cooldowns in one process", () => {
  let proxy: ProxyProcess;
  beforeAll(async () => {
    proxy = await startProxyProcess(config());
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it("takes a failing target out of rotation, then lets one probe request decide when it is back", async () => {
    primary.script(fault.status(503), fault.status(503));
    expect(await calls(() => proxy.post({ model: "chat", messages }))).toEqual({ primary: 2, backup: 1 });
    // Two retryable failures within the window: the next requests skip the primary.
    expect(await calls(() => proxy.post({ model: "chat", messages }))).toEqual({ primary: 0, backup: 1 });
    expect(await cooling(proxy)).toBe(1);
    expect(total(parseMetrics(await proxy.metrics()), "llm_proxy_cooldowns_total", { provider: "primary" })).toBe(1);

    await sleep(1100);
    // The cooldown is over: one request probes the primary (slowly), the others meanwhile keep to the backup.
    primary.script(fault.latency(400));
    const probe = proxy.post({ model: "chat", messages });
    await sleep(100);
    const during = await calls(() => Promise.all([1, 2, 3].map(() => proxy.post({ model: "chat", messages }))));
    expect(during).toEqual({ primary: 0, backup: 3 });
    const probed = await probe;
    expect(probed.status).toBe(200);
    expect(probed.headers.get("x-llm-proxy-provider")).toBe("primary");
    // The probe answered: full traffic again.
    expect(await calls(() => Promise.all([1, 2, 3].map(() => proxy.post({ model: "chat", messages }))))).toEqual({ primary: 3, backup: 0 });
    expect(await cooling(proxy)).toBe(0);
  });

  it("puts a target whose probe fails straight back into cooldown", async () => {
    primary.script(fault.status(503), fault.status(503));
    await proxy.post({ model: "chat", messages });
    await sleep(1100);
    primary.script(fault.status(503));
    // The probe fails once and the target cools again at once: no retry on it.
    expect(await calls(() => proxy.post({ model: "chat", messages }))).toEqual({ primary: 1, backup: 1 });
    expect(await calls(() => proxy.post({ model: "chat", messages }))).toEqual({ primary: 0, backup: 1 });
    await sleep(1100);
    expect(await calls(() => proxy.post({ model: "chat", messages }))).toEqual({ primary: 1, backup: 0 });
  });

  it("keeps a target out for as long as a Retry-After too long to wait says", async () => {
    primary.script(fault.status(429, { "retry-after": "2" }));
    expect(await calls(() => proxy.post({ model: "chat", messages }))).toEqual({ primary: 1, backup: 1 });
    await sleep(1200);
    // Longer than duration_s (1 s): the Retry-After (2 s) holds.
    expect(await calls(() => proxy.post({ model: "chat", messages }))).toEqual({ primary: 0, backup: 1 });
    await sleep(1000);
    expect(await calls(() => proxy.post({ model: "chat", messages }))).toEqual({ primary: 1, backup: 0 });
  });

  it("still tries a cooling target when it is the only one left", async () => {
    primary.script(fault.status(503), fault.status(503));
    await proxy.post({ model: "chat", messages });
    backup.script(fault.status(503), fault.status(503));
    const answer = await proxy.post({ model: "chat", messages });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-llm-proxy-provider")).toBe("primary");
    await sleep(1100);
  });
});

describe("cooldowns shared by replicas through Redis", () => {
  let replicas: ProxyProcess[] = [];
  beforeAll(async () => {
    if (!redisUrl) return;
    // Replicas learn of each other's cooldowns within a poll (a second): these outlast it.
    const shared = `redis: { url: "${redisUrl}", key_prefix: "llm-proxy-test:${randomUUID()}:" }\n`;
    replicas = await Promise.all([startProxyProcess(config(shared, 2)), startProxyProcess(config(shared, 2))]);
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
  });

  it("keeps every replica away from a target one of them took out of rotation, and shares its probe", async (context) => {
    if (!redisUrl) {
      if (IN_CI) throw new Error("no Redis for the shared cooldown test");
      return context.skip();
    }
    const [first, second] = replicas as [ProxyProcess, ProxyProcess];
    primary.script(fault.status(503), fault.status(503));
    expect(await calls(() => first.post({ model: "chat", messages }))).toEqual({ primary: 2, backup: 1 });
    // The other replica reads the shared cooldowns every second.
    await sleep(1200);
    expect(await calls(() => second.post({ model: "chat", messages }))).toEqual({ primary: 0, backup: 1 });
    expect(await cooling(second)).toBe(1);
    // The cooldown is over: one probe for all replicas, the second keeps to the backup while the first probes.
    await sleep(900);
    primary.script(fault.latency(400));
    const probe = first.post({ model: "chat", messages });
    await sleep(100);
    expect(await calls(() => second.post({ model: "chat", messages }))).toEqual({ primary: 0, backup: 1 });
    expect((await probe).headers.get("x-llm-proxy-provider")).toBe("primary");
    await sleep(1200);
    expect(await calls(() => second.post({ model: "chat", messages }))).toEqual({ primary: 1, backup: 0 });
  });

  it("adds up failures across replicas in the shared window", async (context) => {
    if (!redisUrl) return context.skip();
    const [first, second] = replicas as [ProxyProcess, ProxyProcess];
    primary.script(fault.status(503));
    await first.post({ model: "chat", messages });
    primary.script(fault.status(503));
    await second.post({ model: "chat", messages });
    // Neither replica saw two failures; together they did.
    await sleep(1200);
    expect(await calls(() => first.post({ model: "chat", messages }))).toEqual({ primary: 0, backup: 1 });
  });
});

describe("with Redis down", () => {
  it("serves every request, keeping cooldowns in the process", async () => {
    const proxy = await startProxyProcess(config(`redis: { url: "redis://127.0.0.1:${await freePort()}", timeout_ms: 50 }\n`));
    try {
      primary.script(fault.status(503), fault.status(503));
      const answers = await Promise.all([proxy.post({ model: "chat", messages }), proxy.post({ model: "chat", messages })]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(await calls(() => proxy.post({ model: "chat", messages }))).toEqual({ primary: 0, backup: 1 });
    } finally {
      await proxy.close();
    }
  });
});
