import OpenAI from "openai";
import { beforeAll, describe, expect, it } from "vitest";
import { openStateStore } from "../../src/state/store.js";
import { VirtualKeys } from "../../src/state/virtual-keys.js";
import { chatAnswers, mockProviderConfig } from "../helpers/chat-answers.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { startProxyForTest, startTestProxy, type TestProxy } from "../helpers/proxy.js";
import { useTemporarySqlite } from "../helpers/state.js";

const MASTER = "sk-master-0123456789abcdefghijklmnop";
const ALICE = "sk-alice-0123456789abcdefghijklmnopq";
const BOB = "sk-bob-0123456789abcdefghijklmnopqrst";

const upstream = useMockUpstream();
const state = useTemporarySqlite();
const config = () => `
${mockProviderConfig(upstream.url)}
auth:
  master_key: \${MASTER}
  keys:
    - { name: alice, key: "\${ALICE}" }
    - { name: bob, key: "\${BOB}" }
state: { url: "${state}" }
`;
const start = () => startProxyForTest(config(), { MASTER, ALICE, BOB });
const client = (proxy: TestProxy, apiKey: string) => new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey, maxRetries: 0 });

/** What a client gets for a request that fails: the status and OpenAI's error body. */
async function failure(request: Promise<unknown>): Promise<{ status: number; error: unknown }> {
  try {
    await request;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return { status: error.status ?? 0, error: error.error };
    throw error;
  }
  throw new Error("the request succeeded");
}

let virtualKey = "";
let virtualKeyId = "";
beforeAll(async () => {
  upstream.on("POST /v1/chat/completions", chatAnswers({ prompt_tokens: 3, completion_tokens: 2 }));
  const store = await openStateStore(state);
  const { key, secret } = await new VirtualKeys(store.db).create("carol", {
    models: undefined,
    rpm: undefined,
    tpm: undefined,
    max_parallel: undefined,
    budget_usd: undefined,
    budget_period: "month",
  });
  await store.close();
  virtualKey = secret;
  virtualKeyId = key.id;
});

describe("with API keys on, a stored response belongs to the key that made it", () => {
  it("is another key's 404, in OpenAI's words, on GET, input_items, DELETE, previous_response_id and item_reference", async () => {
    const proxy = await start();
    const alice = client(proxy, ALICE);
    const created = await alice.responses.create({ model: "any-model", input: "Remember this" });
    expect((await alice.responses.retrieve(created.id)).id).toBe(created.id);

    const notFound = {
      message: `Response with id '${created.id}' not found.`,
      type: "invalid_request_error",
      param: "response_id",
      code: null,
    };
    for (const other of [BOB, MASTER]) {
      const bob = client(proxy, other);
      expect(await failure(bob.responses.retrieve(created.id))).toEqual({ status: 404, error: notFound });
      expect(await failure(bob.responses.inputItems.list(created.id))).toEqual({ status: 404, error: notFound });
      expect(await failure(bob.responses.delete(created.id))).toEqual({ status: 404, error: notFound });
    }
    const calls = upstream.requests.length;
    const bob = client(proxy, BOB);
    expect(await failure(bob.responses.create({ model: "any-model", input: "And?", previous_response_id: created.id }))).toEqual({
      status: 404,
      error: {
        message: `Previous response with id '${created.id}' not found.`,
        type: "invalid_request_error",
        param: "previous_response_id",
        code: "previous_response_not_found",
      },
    });
    const item = created.output[0]!.id!;
    expect(
      await failure(
        bob.responses.create({
          model: "any-model",
          input: [
            { type: "item_reference", id: item },
            { role: "user", content: "And?" },
          ],
        }),
      ),
    ).toEqual({
      status: 404,
      error: { message: `Item with id '${item}' not found.`, type: "invalid_request_error", param: "input[0]", code: "item_not_found" },
    });
    expect(upstream.requests.length).toBe(calls);

    // Its owner still has it, and continues it.
    const next = await alice.responses.create({ model: "any-model", input: "And?", previous_response_id: created.id });
    expect(upstream.requests.at(-1)!.json().messages).toMatchObject([
      { role: "user", content: [{ type: "text", text: "Remember this" }] },
      { role: "assistant", content: "Hello!" },
      { role: "user", content: "And?" },
    ]);
    await alice.responses.delete(next.id);
    expect((await failure(alice.responses.retrieve(next.id))).status).toBe(404);
  });

  it("asks for a key on the stored-response routes like on every other", async () => {
    const proxy = await start();
    const created = await client(proxy, ALICE).responses.create({ model: "any-model", input: "Hi" });
    for (const [method, path] of [
      ["GET", `/v1/responses/${created.id}`],
      ["GET", `/v1/responses/${created.id}/input_items`],
      ["DELETE", `/v1/responses/${created.id}`],
    ] as const) {
      const response = await fetch(`${proxy.url}${path}`, { method });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^You didn't provide an API key\./);
    }
    expect((await client(proxy, ALICE).responses.retrieve(created.id)).id).toBe(created.id);
  });

  it("keeps, through a restart, each key's responses under the key's id, and no key in the store", async () => {
    const first = await startTestProxy(config(), { MASTER, ALICE, BOB });
    const byAlice = await client(first, ALICE).responses.create({ model: "any-model", input: "Before the restart" });
    const byCarol = await client(first, virtualKey).responses.create({ model: "any-model", input: "Me too" });
    const byMaster = await client(first, MASTER).responses.create({ model: "any-model", input: "And me" });
    await first.close();

    const second = await start();
    expect(await client(second, ALICE).responses.retrieve(byAlice.id)).toEqual(byAlice);
    expect(await client(second, virtualKey).responses.retrieve(byCarol.id)).toEqual(byCarol);
    expect((await failure(client(second, virtualKey).responses.retrieve(byAlice.id))).status).toBe(404);

    const store = await openStateStore(state);
    try {
      const rows = await store.db.selectFrom("responses").selectAll().where("id", "in", [byAlice.id, byCarol.id, byMaster.id]).execute();
      const owners = Object.fromEntries(rows.map((row) => [row.id, row.owner]));
      expect(owners).toEqual({ [byAlice.id]: "config:alice", [byCarol.id]: `vk:${virtualKeyId}`, [byMaster.id]: "master" });
      const everything = JSON.stringify(await store.db.selectFrom("responses").selectAll().execute());
      for (const secret of [MASTER, ALICE, BOB, virtualKey, "sk-upstream"]) expect(everything).not.toContain(secret);
    } finally {
      await store.close();
    }
  });
});
