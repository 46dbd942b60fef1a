import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { secretsContext } from "../../src/live-config/stored-state.js";
import { StoredProviders } from "../../src/state/providers.js";
import { SecretBox } from "../../src/state/secret-box.js";
import { openStateStore } from "../../src/state/store.js";
import { adminClient, MASTER_KEY, STATE_SECRET } from "../helpers/admin.js";
import { chatAnswers } from "../helpers/chat-answers.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { postgresUrl, useTemporaryPostgres } from "../helpers/postgres.js";
import { startTestProxy, type TestProxy } from "../helpers/proxy.js";

const PROVIDER_KEY = "sk-at-rest-provider-0123456789abcdef";
const HEADER_SECRET = "tok-at-rest-header-abcdefghijklmnop";

/**
 * What the state store keeps after a provider with a key and a secret header, and a virtual key,
 * were made and used through the admin API: neither secret in clear, anywhere; the provider's
 * secrets sealed so that state.secret (and only it) opens them.
 */
function describeAtRest(title: string, enabled: boolean, stateUrl: () => string, contents: () => Promise<string[]>) {
  describe.runIf(enabled)(title, () => {
    const upstream = useMockUpstream({ "POST /v1/chat/completions": chatAnswers({ prompt_tokens: 1, completion_tokens: 1 }) });
    let virtualKey = "";

    const useProxy = async (run: (proxy: TestProxy) => Promise<void>) => {
      const proxy = await startTestProxy(`
providers: {}
auth: { master_key: ${MASTER_KEY} }
state: { url: "${stateUrl()}", secret: ${STATE_SECRET}, flush_seconds: 0.1 }
`);
      try {
        await run(proxy);
      } finally {
        await proxy.close();
      }
    };

    it("keeps no provider key, secret header or virtual key in clear, while running and after", async () => {
      await useProxy(async (proxy) => {
        const admin = adminClient(() => proxy.url);
        const made = await admin.post("/admin/providers", {
          name: "sealed",
          type: "openai",
          base_url: `${upstream.url}/v1`,
          api_key: PROVIDER_KEY,
          headers: { "X-Upstream-Token": HEADER_SECRET, "X-Title": "visible" },
          models: ["sealed-model"],
        });
        expect(made.status).toBe(201);
        virtualKey = (await admin.post("/admin/keys", { name: "at-rest" })).json().key;
        const chat = await proxy.post(
          "/v1/chat/completions",
          { model: "sealed-model", messages: [{ role: "user", content: "Hi" }] },
          { authorization: `Bearer ${virtualKey}` },
        );
        expect(chat.status).toBe(200);
        expect(upstream.requests.at(-1)!.headers).toMatchObject({
          authorization: `Bearer ${PROVIDER_KEY}`,
          "x-upstream-token": HEADER_SECRET,
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expectNoSecret(await contents());
      });
      const stored = await contents();
      expectNoSecret(stored);
      expect(stored.join("\n")).toContain("visible");
    });

    it("opens the sealed secrets with state.secret, and only there", async () => {
      const store = await openStateStore(stateUrl());
      const sealed = (await new StoredProviders(store.db).get("sealed"))!.secrets!;
      await store.close();
      expect((await contents()).join("\n")).toContain(sealed);
      const box = await SecretBox.fromSecret(STATE_SECRET);
      expect(JSON.parse(box.open(sealed, secretsContext("sealed")))).toEqual({
        api_key: PROVIDER_KEY,
        headers: { "X-Upstream-Token": HEADER_SECRET },
      });
      const other = await SecretBox.fromSecret("not-the-state-secret-0123456789");
      expect(() => other.open(sealed, secretsContext("sealed"))).toThrow();
    });

    it("serves the provider again after a restart, from what it stored", async () => {
      await useProxy(async (proxy) => {
        const chat = await proxy.post(
          "/v1/chat/completions",
          { model: "sealed-model", messages: [{ role: "user", content: "Hi" }] },
          { authorization: `Bearer ${virtualKey}` },
        );
        expect(chat.status).toBe(200);
        expect(upstream.requests.at(-1)!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
      });
    });

    function expectNoSecret(texts: string[]): void {
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) {
        for (const secret of [PROVIDER_KEY, HEADER_SECRET, virtualKey]) {
          expect(text.includes(secret), `a secret is stored in clear: ${secret.slice(0, 8)}…`).toBe(false);
          expect(text.includes(Buffer.from(secret).toString("base64")), "a secret is stored merely base64-encoded").toBe(false);
        }
      }
    }
  });
}

const sqliteDir = mkdtempSync(join(tmpdir(), "llm-proxy-at-rest-"));
afterAll(() => rmSync(sqliteDir, { recursive: true, force: true }));
describeAtRest(
  "a SQLite state store's files",
  true,
  () => `sqlite:${join(sqliteDir, "state.db")}`,
  // The database, its write-ahead log and its shared memory, byte for byte (as latin1: every byte one character).
  async () => readdirSync(sqliteDir).map((file) => readFileSync(join(sqliteDir, file)).toString("latin1")),
);

const database = postgresUrl ? useTemporaryPostgres() : { url: "" };
describeAtRest(
  "a PostgreSQL state store's rows",
  Boolean(postgresUrl),
  () => database.url,
  async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public'",
      );
      const texts: string[] = [];
      for (const { table_name } of tables.rows) {
        const rows = await client.query(`select row_to_json(t)::text as row from "${table_name}" t`);
        texts.push(...rows.rows.map((row: { row: string }) => row.row));
      }
      return texts;
    } finally {
      await client.end();
    }
  },
);
