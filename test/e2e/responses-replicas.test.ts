import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatAnswers, mockProviderConfig } from "../helpers/chat-answers.js";
import { startProxyProcess, type ProxyProcess } from "../helpers/cli-process.js";
import { startMockUpstream, type MockUpstream } from "../helpers/mock-upstream.js";
import { postgresUrl, useTemporaryPostgres } from "../helpers/postgres.js";

const ALICE = "sk-alice-0123456789abcdefghijklmnopq";
const BOB = "sk-bob-0123456789abcdefghijklmnopqrst";

/** What a client gets for a request that fails: its status. */
async function statusOf(request: Promise<unknown>): Promise<number> {
  try {
    await request;
    return 200;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error.status ?? 0;
    throw error;
  }
}

/**
 * Two proxy processes (dist/cli.js) on one PostgreSQL: the deployment where a follow-up lands on
 * another replica than the response it continues.
 */
describe.runIf(Boolean(postgresUrl))("stored responses across two replicas sharing PostgreSQL", () => {
  const database = useTemporaryPostgres();
  const dir = mkdtempSync(join(tmpdir(), "llm-proxy-responses-replicas-"));
  const configFile = join(dir, "config.yaml");
  let upstream: MockUpstream;
  let replicas: ProxyProcess[] = [];
  const writeConfig = (retentionSeconds: number) =>
    writeFileSync(
      configFile,
      `
log_level: warn
${mockProviderConfig(upstream.url)}
auth:
  keys:
    - { name: alice, key: "${ALICE}" }
    - { name: bob, key: "${BOB}" }
state: { url: "${database.url}" }
responses: { retention_seconds: ${retentionSeconds} }
`,
    );
  const start = async () => {
    replicas = await Promise.all([startProxyProcess(configFile), startProxyProcess(configFile)]);
  };
  const stop = () => Promise.all(replicas.map((replica) => replica.stop()));
  const client = (replica: ProxyProcess | undefined, apiKey = ALICE) =>
    new OpenAI({ baseURL: `${replica!.url}/v1`, apiKey, maxRetries: 0 });
  const rows = async (id: string) => {
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      return (await db.query("select id, owner from responses where id = $1", [id])).rows;
    } finally {
      await db.end();
    }
  };

  beforeAll(async () => {
    upstream = await startMockUpstream({ "POST /v1/chat/completions": chatAnswers({ prompt_tokens: 3, completion_tokens: 2 }) });
    writeConfig(3600);
    await start();
  });

  afterAll(async () => {
    await stop();
    await upstream?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads, continues and deletes through one what was stored through the other", async () => {
    const [a, b] = replicas;
    const created = await client(a).responses.create({ model: "any-model", input: "Turn 0" });
    expect(await client(b).responses.retrieve(created.id)).toEqual(created);
    const items = await client(b).responses.inputItems.list(created.id);
    expect(items.data).toMatchObject([{ type: "message", role: "user", content: [{ type: "input_text", text: "Turn 0" }] }]);

    // Each follow-up goes at once to the other replica, JSON and streamed in turn.
    let previous = created.id;
    for (let turn = 1; turn <= 10; turn++) {
      const replica = replicas[turn % 2];
      const request = { model: "any-model", input: `Turn ${turn}`, previous_response_id: previous };
      const next =
        turn % 3 === 0 ? await client(replica).responses.stream(request).finalResponse() : await client(replica).responses.create(request);
      previous = next.id;
    }
    const sent = upstream.requests.at(-1)!.json().messages as { role: string }[];
    expect(sent).toHaveLength(21);
    expect(sent.map((message) => message.role)).toEqual([...Array.from({ length: 10 }, () => ["user", "assistant"]).flat(), "user"]);

    for (const replica of replicas) {
      const bob = client(replica, BOB);
      expect(await statusOf(bob.responses.retrieve(previous))).toBe(404);
      expect(await statusOf(bob.responses.inputItems.list(previous))).toBe(404);
      expect(await statusOf(bob.responses.delete(previous))).toBe(404);
      expect(await statusOf(bob.responses.create({ model: "any-model", input: "Mine?", previous_response_id: previous }))).toBe(404);
    }
    expect(await rows(previous)).toEqual([{ id: previous, owner: "config:alice" }]);

    await client(b).responses.delete(created.id);
    expect(await statusOf(client(a).responses.retrieve(created.id))).toBe(404);
    expect(await rows(created.id)).toEqual([]);
  });

  it("keeps them through a restart of both", async () => {
    const created = await client(replicas[0]).responses.create({ model: "any-model", input: "Still there?" });
    await stop();
    await start();
    for (const replica of replicas) expect(await client(replica).responses.retrieve(created.id)).toEqual(created);
  });

  it("forgets them past the retention, and deletes their rows", async () => {
    writeConfig(1);
    const ready = async (replica: ProxyProcess) => ((await (await fetch(`${replica.url}/readyz`)).json()) as { config: string }).config;
    const before = await Promise.all(replicas.map(ready));
    for (const replica of replicas) replica.child.kill("SIGHUP");
    for (const [index, replica] of replicas.entries()) {
      while ((await ready(replica)) === before[index]) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const created = await client(replicas[0]).responses.create({ model: "any-model", input: "Forget me" });
    expect((await client(replicas[1]).responses.retrieve(created.id)).id).toBe(created.id);
    await new Promise((resolve) => setTimeout(resolve, 2200));
    for (const replica of replicas) {
      expect(await statusOf(client(replica).responses.retrieve(created.id))).toBe(404);
      expect(
        await statusOf(client(replica).responses.create({ model: "any-model", input: "And?", previous_response_id: created.id })),
      ).toBe(404);
    }
    // The sweep each replica runs at start deletes the row.
    await stop();
    await start();
    const deadline = Date.now() + 5000;
    while ((await rows(created.id)).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await rows(created.id)).toEqual([]);
  });
});
