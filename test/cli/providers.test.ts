import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, MASTER_KEY, STATE_SECRET } from "../helpers/admin.js";
import { chatAnswers } from "../helpers/chat-answers.js";
import { runCli } from "../helpers/cli-process.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { startTestProxy } from "../helpers/proxy.js";

const FILE_KEY = "sk-file-cli-provider-0123456789abcd";
const STORED_KEY = "sk-stored-cli-provider-abcdefghijkl";
const NEW_SECRET = "the-rotated-state-secret-0123456789";

const dir = mkdtempSync(join(tmpdir(), "llm-proxy-providers-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = async (args: string[], env: NodeJS.ProcessEnv = process.env) => {
  const run = runCli(args, env);
  return { code: await run.exited, stdout: run.stdout(), stderr: run.stderr() };
};

describe("llm-proxy providers and state rekey", () => {
  const upstream = useMockUpstream({ "POST /v1/chat/completions": chatAnswers({ prompt_tokens: 1, completion_tokens: 1 }) });
  const file = (name: string, secret: string) => {
    const path = join(dir, name);
    writeFileSync(
      path,
      `
providers:
  filed: { type: openai, base_url: "${upstream.url}/v1", api_key: ${FILE_KEY}, models: [gpt-4o-mini] }
auth: { master_key: ${MASTER_KEY} }
state: { url: "sqlite:./state.db", secret: ${secret} }
`,
    );
    return path;
  };
  const configFile = join(dir, "config.yaml");
  const rotatedFile = join(dir, "rotated.yaml");

  beforeAll(async () => {
    file("config.yaml", STATE_SECRET);
    file("rotated.yaml", NEW_SECRET);
    // The stored provider is made as users make it: through the admin API of a running proxy on the same store.
    const proxy = await startTestProxy(`
providers: {}
auth: { master_key: ${MASTER_KEY} }
state: { url: "sqlite:${join(dir, "state.db")}", secret: ${STATE_SECRET} }
`);
    try {
      const made = await adminClient(() => proxy.url).post("/admin/providers", {
        name: "stored",
        type: "openai",
        base_url: `${upstream.url}/v1`,
        api_key: STORED_KEY,
        models: ["stored-model"],
      });
      expect(made.status).toBe(201);
    } finally {
      await proxy.close();
    }
  });

  it("lists the config file's providers and the stored ones, keys masked", async () => {
    const listed = await cli(["providers", "list", "--config", configFile]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^NAME\s+TYPE\s+SOURCE\s+ENABLED\s+BASE URL\s+KEY\s+MODELS\s+PROBLEM\n/);
    expect(listed.stdout).toMatch(/filed\s+openai\s+config\s+yes\s+\S+\s+sk-\.\.\.abcd\s+gpt-4o-mini\s+-\n/);
    expect(listed.stdout).toMatch(/stored\s+openai\s+store\s+yes\s+\S+\s+sk-\.\.\.ijkl\s+stored-model\s+-\n/);
    const json = await cli(["providers", "list", "--json", "--config", configFile]);
    expect(JSON.parse(json.stdout).map((view: { name: string; source: string }) => [view.name, view.source])).toEqual([
      ["filed", "config"],
      ["stored", "store"],
    ]);
    for (const output of [listed.stdout, json.stdout]) {
      expect(output).not.toContain(FILE_KEY);
      expect(output).not.toContain(STORED_KEY);
    }
  });

  it("tests a provider with one short real call, exit 0 when it answers", async () => {
    const filed = await cli(["providers", "test", "filed", "--config", configFile]);
    expect(filed).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: filed answered with gpt-4o-mini in \d+ ms\n$/) });
    const stored = await cli(["providers", "test", "stored", "--json", "--config", configFile]);
    expect(stored.code).toBe(0);
    expect(JSON.parse(stored.stdout)).toEqual({ ok: true, latency_ms: expect.any(Number), model: "stored-model" });
    expect(upstream.requests.at(-1)!.headers.authorization).toBe(`Bearer ${STORED_KEY}`);
  });

  it("exits 1 when the provider refuses, saying why without its key, and for an unknown one", async () => {
    upstream.on("POST /v1/chat/completions", (_request, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ error: { message: `Bad key ${FILE_KEY}`, type: "invalid_request_error", param: null, code: "invalid_api_key" } }),
      );
    });
    const refused = await cli(["providers", "test", "filed", "--model", "gpt-4o", "--config", configFile]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^failed: filed with gpt-4o after \d+ ms: 401 Bad key \[REDACTED\]\n$/);
    upstream.on("POST /v1/chat/completions", chatAnswers({ prompt_tokens: 1, completion_tokens: 1 }));
    expect(await cli(["providers", "test", "nope", "--config", configFile])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('"nope"'),
    });
    expect(await cli(["providers", "frobnicate", "--config", configFile])).toMatchObject({ code: 1 });
  });

  it("re-seals the stored keys under a new state.secret, once, and refuses without the old one", async () => {
    expect(await cli(["state", "rekey", "--config", rotatedFile], { ...process.env, LLM_PROXY_OLD_SECRET: "" })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("LLM_PROXY_OLD_SECRET"),
    });
    const wrongOld = await cli(["state", "rekey", "--config", rotatedFile], {
      ...process.env,
      LLM_PROXY_OLD_SECRET: "not-the-old-secret-at-all-0123",
    });
    expect(wrongOld).toMatchObject({ code: 1, stderr: expect.stringContaining("sealed under neither secret") });

    const env = { ...process.env, LLM_PROXY_OLD_SECRET: STATE_SECRET };
    const rekeyed = await cli(["state", "rekey", "--config", rotatedFile], env);
    expect(rekeyed).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^re-sealed 1 of 1 stored provider secrets under key id [0-9a-f]{16}/),
    });
    expect((await cli(["providers", "test", "stored", "--config", rotatedFile])).code).toBe(0);
    expect(upstream.requests.at(-1)!.headers.authorization).toBe(`Bearer ${STORED_KEY}`);
    const oldSecret = await cli(["providers", "list", "--config", configFile]);
    expect(oldSecret.stdout).toMatch(/stored\s+openai\s+store.*sealed under another state\.secret/);
    expect(await cli(["state", "rekey", "--config", rotatedFile], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^re-sealed 0 of 1/),
    });
  });
});
