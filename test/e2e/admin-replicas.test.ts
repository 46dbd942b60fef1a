import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminClient, MASTER_KEY, STATE_SECRET } from "../helpers/admin.js";
import { chatAnswers } from "../helpers/chat-answers.js";
import { startProxyProcess, type ProxyProcess } from "../helpers/cli-process.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { postgresUrl, useTemporaryPostgres } from "../helpers/postgres.js";

const redisUrl = inject("redisUrl");
const PROVIDER_KEY = "sk-replicated-provider-0123456789";
/** Far beyond the test's one second: only an announcement can explain a change seen that soon. */
const POLL_SECONDS = 60;

/** Milliseconds until `send` answers `status` (polling), or the last status seen after `ms`. */
async function msUntil(status: number, send: () => Promise<{ status: number }>, ms = 3000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const answer = await send();
    if (answer.status === status) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`still ${answer.status} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A chat request on a connection of its own, so that under --workers requests reach every worker in turn. */
function chatThrough(replica: ProxyProcess, model: string, key = MASTER_KEY): () => Promise<{ status: number }> {
  return () =>
    new Promise((resolve, reject) => {
      const req = request(
        `${replica.url}/v1/chat/completions`,
        { method: "POST", agent: false, headers: { "content-type": "application/json", authorization: `Bearer ${key}` } },
        (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ model, messages: [{ role: "user", content: "Hi" }] }));
    });
}

/**
 * Replicas that share a state store see a change made through one of them within a second, with
 * the periodic re-read a minute away: `state` and `extra` name the store and how changes travel.
 */
function describeReplicas(title: string, enabled: boolean, config: () => { state: string; extra?: string }, processes: string[][]) {
  describe.runIf(enabled)(title, () => {
    const dir = mkdtempSync(join(tmpdir(), "llm-proxy-admin-replicas-"));
    const configFile = join(dir, "config.yaml");
    let upstream: MockUpstream;
    let replicas: ProxyProcess[] = [];

    beforeAll(async () => {
      upstream = await startMockUpstream({ "POST /v1/chat/completions": chatAnswers({ prompt_tokens: 1, completion_tokens: 1 }) });
      const { state, extra = "" } = config();
      writeFileSync(
        configFile,
        `
log_level: warn
providers: {}
auth: { master_key: ${MASTER_KEY} }
state: { url: "${state}", secret: ${STATE_SECRET}, poll_seconds: ${POLL_SECONDS} }
${extra}
`,
      );
      replicas = await Promise.all(processes.map((args) => startProxyProcess(configFile, process.env, args)));
    });
    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await upstream?.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const [first, last] = [() => replicas[0]!, () => replicas.at(-1)!];

    it("serve a provider made through one replica from the others within a second, and stop when it is switched off", async () => {
      const made = await adminClient(() => first().url).post("/admin/providers", {
        name: "fresh",
        type: "openai",
        base_url: `${upstream.url}/v1`,
        api_key: PROVIDER_KEY,
        models: ["fresh-model"],
      });
      expect(made.status).toBe(201);
      expect(await msUntil(200, chatThrough(last(), "fresh-model"))).toBeLessThan(1000);
      // Every process, however the load is shared out between them, serves it.
      for (let i = 0; i < 6; i++) expect((await chatThrough(last(), "fresh-model")()).status).toBe(200);
      expect(upstream.requests.at(-1)!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);

      expect((await adminClient(() => last().url).patch("/admin/providers/fresh/toggle", { enabled: false })).json()).toEqual({
        enabled: false,
      });
      expect(await msUntil(404, chatThrough(first(), "fresh-model"))).toBeLessThan(1000);
    });

    it("take a key made through one replica within a second, and refuse it within a second of its revocation", async () => {
      const made = (
        await adminClient(() => first().url).post("/admin/keys", { name: `replicated-${randomBytes(3).toString("hex")}` })
      ).json();
      await adminClient(() => first().url).patch("/admin/providers/fresh/toggle", { enabled: true });
      expect(await msUntil(200, chatThrough(last(), "fresh-model", made.key))).toBeLessThan(1000);
      for (let i = 0; i < 6; i++) expect((await chatThrough(last(), "fresh-model", made.key)()).status).toBe(200);
      expect((await adminClient(() => last().url).delete(`/admin/keys/${made.id}`, { "x-llm-proxy-admin": "1" })).status).toBe(200);
      expect(await msUntil(401, chatThrough(first(), "fresh-model", made.key))).toBeLessThan(1000);
      for (let i = 0; i < 6; i++) expect((await chatThrough(first(), "fresh-model", made.key)()).status).toBe(401);
    });
  });
}

const database = postgresUrl ? useTemporaryPostgres() : { url: "" };
describeReplicas("two proxy processes on one PostgreSQL (LISTEN/NOTIFY)", Boolean(postgresUrl), () => ({ state: database.url }), [[], []]);

const sqliteDir = mkdtempSync(join(tmpdir(), "llm-proxy-admin-sqlite-"));
afterAll(() => rmSync(sqliteDir, { recursive: true, force: true }));
const prefix = `llm-proxy-test:${randomBytes(4).toString("hex")}:`;
describeReplicas(
  "two proxy processes on one SQLite file and a Redis (pub/sub)",
  Boolean(redisUrl),
  () => ({ state: `sqlite:${join(sqliteDir, "redis.db")}`, extra: `redis: { url: "${redisUrl}", key_prefix: "${prefix}" }` }),
  [[], []],
);
describeReplicas(
  "--workers 2 on one SQLite file (the primary relays)",
  true,
  () => ({ state: `sqlite:${join(sqliteDir, "workers.db")}` }),
  [["--workers", "2"]],
);
