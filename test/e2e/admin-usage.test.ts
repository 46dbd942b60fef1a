import { expect, it } from "vitest";
import { adminClient, expectError, MASTER_KEY } from "../helpers/admin.js";
import { chatAnswers } from "../helpers/chat-answers.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { useTestProxy } from "../helpers/proxy.js";
import { describeOnEachStore } from "../helpers/state-stores.js";

const FILE_KEY = "sk-file-key-0123456789abcdefghijkl";

describeOnEachStore("the usage report", (stateUrl) => {
  const upstream = useMockUpstream({ "POST /v1/chat/completions": chatAnswers({ prompt_tokens: 10, completion_tokens: 4 }) });
  // $1 per 1M input tokens, $2 per 1M output: 10 + 8 = 18 micro-dollars an answer.
  const proxy = useTestProxy(
    () => `
providers:
  openai: { type: openai, base_url: "${upstream.url}/v1", api_key: sk-upstream-0123456789 }
routes:
  - { match: "*", provider: openai }
pricing:
  priced: { input: 1, output: 2 }
cache: { mode: all }
auth:
  master_key: ${MASTER_KEY}
  keys:
    - { name: filed, key: ${FILE_KEY} }
state: { url: "${stateUrl()}", poll_seconds: 60, flush_seconds: 60 }
`,
  );
  const admin = adminClient(() => proxy.url);
  const chat = (key: string, model: string, content = "Hi") =>
    proxy.post("/v1/chat/completions", { model, messages: [{ role: "user", content }] }, { authorization: `Bearer ${key}` });

  it("adds up requests, tokens, dollars and cache hits by bucket, key, provider and model", async () => {
    const created = (await admin.post("/admin/keys", { name: "team" })).json();
    for (const content of ["a", "b", "c"]) expect((await chat(created.key, "priced", content)).status).toBe(200);
    expect((await chat(created.key, "priced", "a")).headers.get("x-llm-proxy-cache")).toBe("HIT");
    expect((await chat(FILE_KEY, "unpriced")).status).toBe(200);
    upstream.on("POST /v1/chat/completions", (_request, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "down", type: "server_error", param: null, code: null } }));
    });
    expect((await chat(FILE_KEY, "unpriced", "fails")).status).toBe(500);
    await admin.patch(`/admin/keys/${created.id}`, { name: "renamed" });

    const report = await admin.get("/admin/usage");
    expect(report.status).toBe(200);
    const body = report.json();
    const today = `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`;
    expect(body.bucket).toBe("day");
    expect(Date.parse(body.to) - Date.parse(body.from)).toBeGreaterThan(7 * 86_400_000 - 86_400_000);
    expect(body.data).toEqual([
      {
        start: today,
        key: "filed",
        key_id: "config:filed",
        provider: "openai",
        model: "unpriced",
        requests: 1,
        input_tokens: 10,
        output_tokens: 4,
        cost_usd: 0,
        cache_hits: 0,
        cache_saved_usd: 0,
      },
      {
        start: today,
        key: "renamed",
        key_id: created.id,
        provider: "openai",
        model: "priced",
        requests: 4,
        input_tokens: 30,
        output_tokens: 12,
        cost_usd: expect.closeTo(3 * 18e-6, 12),
        cache_hits: 1,
        cache_saved_usd: expect.closeTo(18e-6, 12),
      },
    ]);

    const hourly = (await admin.get(`/admin/usage?bucket=hour&from=${new Date(Date.now() - 3_600_000).toISOString()}`)).json();
    expect(hourly.bucket).toBe("hour");
    const rows = hourly.data as { start: string; requests: number }[];
    for (const row of rows) expect(Date.parse(row.start) % 3_600_000).toBe(0);
    expect(rows.reduce((sum, row) => sum + row.requests, 0)).toBe(5);
    const past = (await admin.get("/admin/usage?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z")).json();
    expect(past).toEqual({ from: "2020-01-01T00:00:00.000Z", to: "2020-01-02T00:00:00.000Z", bucket: "day", data: [] });
  });

  it("refuses a bad range with a 400 naming the field", async () => {
    expectError(await admin.get("/admin/usage?bucket=week"), 400, { param: "bucket" });
    expectError(await admin.get("/admin/usage?from=yesterday"), 400, { param: "from" });
    expectError(await admin.get("/admin/usage?to=2020-13-45"), 400, { param: "to" });
    expectError(await admin.get("/admin/usage?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), 400, { param: "from" });
    expectError(await admin.get("/admin/usage?bucket=hour&from=2020-01-01T00:00:00Z&to=2021-01-01T00:00:00Z"), 400, { param: "from" });
  });
});
