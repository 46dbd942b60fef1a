import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chatAnswers } from "../helpers/chat-answers.js";
import { runCli, startProxyProcess, type ProxyProcess } from "../helpers/cli-process.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { postgresUrl, useTemporaryPostgres } from "../helpers/postgres.js";

const redisUrl = inject("redisUrl");

/** Sends until the answer has `wanted` status or the time is up; the last status seen. */
async function statusWithin(ms: number, send: () => Promise<Response>, wanted: number): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    const { status } = await send();
    if (status === wanted || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const SHARED = "sk-shared-0123456789abcdefghijklmnopq";

/**
 * Two proxy processes, one Redis and one PostgreSQL: the deployment the limits and budgets have to
 * hold across. A dollar per output token, so a request with max_tokens 5 reserves and costs $5.
 */
describe.runIf(Boolean(redisUrl && postgresUrl))("two replicas sharing Redis and PostgreSQL", () => {
  const database = useTemporaryPostgres();
  const prefix = `llm-proxy-test:${randomBytes(4).toString("hex")}:`;
  const dir = mkdtempSync(join(tmpdir(), "llm-proxy-replicas-"));
  const configFile = join(dir, "config.yaml");
  let upstream: MockUpstream;
  let replicas: ProxyProcess[] = [];
  let virtualKey = "";
  let virtualKeyId = "";

  const start = async () => {
    replicas = await Promise.all([startProxyProcess(configFile), startProxyProcess(configFile)]);
  };
  const post = (replica: ProxyProcess, key: string, fields: object = {}) =>
    fetch(`${replica.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: "priced-model", max_tokens: 5, messages: [{ role: "user", content: "Hi" }], ...fields }),
    });

  beforeAll(async () => {
    upstream = await startMockUpstream({ "POST /v1/chat/completions": chatAnswers({ prompt_tokens: 3, completion_tokens: 5 }, 50) });
    writeFileSync(
      configFile,
      `
log_level: warn
providers:
  openai: { type: openai, base_url: "${upstream.url}/v1", api_key: sk-upstream }
routes:
  - { match: "*", provider: openai }
pricing:
  priced-model: { input: 0, output: 1000000 }
auth:
  keys:
    - { name: shared, key: "${SHARED}", rpm: 4 }
redis: { url: "${redisUrl}", key_prefix: "${prefix}" }
state: { url: "${database.url}", flush_seconds: 0.2, poll_seconds: 0.2 }
`,
    );
    const created = runCli(["keys", "create", "--config", configFile, "--name", "team", "--budget-usd", "50", "--budget-period", "day"]);
    expect(await created.exited).toBe(0);
    virtualKey = created.stdout().trim();
    virtualKeyId = /\((vk_[0-9a-f]+)\)/.exec(created.stderr())![1]!;
    await start();
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await upstream?.close();
    rmSync(dir, { recursive: true, force: true });
    if (redisUrl) {
      const client = new Redis(redisUrl);
      const keys = await client.keys(`${prefix}*`);
      if (keys.length > 0) await client.del(...keys);
      client.disconnect();
    }
  });

  it("share one rate window", async () => {
    const [a, b] = replicas as [ProxyProcess, ProxyProcess];
    const statuses = [];
    for (const replica of [a, b, a, b, a]) statuses.push((await post(replica, SHARED)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect((await post(b, SHARED)).status).toBe(429);
  });

  it("share one budget: 50 requests racing across both admit no more than it fits", async () => {
    const calls = upstream.requests.length;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => post(replicas[i % 2]!, virtualKey)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40);
    expect(upstream.requests.length - calls).toBe(10);
    const refusal = (await answers.find((answer) => answer.status === 429)!.json()) as { error: { code: string } };
    expect(refusal.error.code).toBe("insufficient_quota");
  });

  it("keep the spend in PostgreSQL through a restart of both, with Redis emptied", async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query("select sum(usd) as usd, sum(requests) as requests from spend where principal_id = $1", [
      `vk:${virtualKeyId}`,
    ]);
    await client.end();
    expect(Number(rows[0].usd)).toBe(50);
    expect(Number(rows[0].requests)).toBe(10);

    const redis = new Redis(redisUrl!);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();

    await start();
    for (const replica of replicas) {
      const response = await post(replica, virtualKey);
      expect(response.status).toBe(429);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
        "has spent $50.00 of its $50.00 daily budget",
      );
    }
    const listed = runCli(["keys", "list", "--json", "--config", configFile]);
    expect(await listed.exited).toBe(0);
    expect(JSON.parse(listed.stdout())).toMatchObject([{ id: virtualKeyId, name: "team", spentUsd: 50 }]);
  });

  it("lose no more than the last flush interval of spend when one is killed outright", async () => {
    const created = runCli(["keys", "create", "--config", configFile, "--name", "crash"]);
    expect(await created.exited).toBe(0);
    const key = created.stdout().trim();
    const id = /\((vk_[0-9a-f]+)\)/.exec(created.stderr())![1]!;
    const [a] = replicas as [ProxyProcess];
    // The replica knows the new key within state.poll_seconds; until then it answers 401 and records nothing.
    expect(await statusWithin(3000, () => post(a, key), 200)).toBe(200);
    expect((await post(a, key)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 600)); // three flush intervals
    a.child.kill("SIGKILL");
    await a.exited;
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query("select sum(usd) as usd, sum(requests) as requests from spend where principal_id = $1", [
      `vk:${id}`,
    ]);
    await client.end();
    expect(Number(rows[0].requests)).toBe(2);
    expect(Number(rows[0].usd)).toBe(10);
    replicas[0] = await startProxyProcess(configFile);
  });

  it("stop taking a revoked key within state.poll_seconds", async () => {
    const revoked = runCli(["keys", "revoke", "team", "--config", configFile]);
    expect(await revoked.exited).toBe(0);
    for (const replica of replicas) expect(await statusWithin(3000, () => post(replica, virtualKey), 401)).toBe(401);
  });
});
