import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { startPrometheus, type Prometheus } from "../helpers/prometheus.js";
import { useTestProxy } from "../helpers/proxy.js";
import { ensureDebianCommand, freePort, IN_CI } from "../helpers/services.js";
import { fixture, testData } from "../helpers/files.js";
import { sseData, toSse } from "../helpers/sse.js";
import { replaySse, respond } from "../helpers/mock-answers.js";

/**
 * End to end with a real Prometheus (Debian's package, installed here when missing): it scrapes
 * two proxies while they serve traffic, and every query of every panel of
 * grafana/llm-proxy.json must return data through Prometheus' HTTP API.
 */

interface Panel {
  id: number;
  title: string;
  type: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets: { refId: string; expr: string; datasource: { uid: string } }[];
}
const dashboard = JSON.parse(readFileSync(new URL("../../grafana/llm-proxy.json", import.meta.url), "utf8")) as {
  title: string;
  uid: string;
  __inputs: { name: string; type: string; pluginId: string }[];
  templating: { list: { name: string }[] };
  panels: Panel[];
};

/** Every panel but the rows that group them (a row has no query). */
const queried = dashboard.panels.filter((panel) => panel.type !== "row");

/** Grafana's variables as Grafana would fill them with "All" over the last few minutes. */
function asGrafanaWouldSend(expr: string): string {
  return expr
    .replaceAll("$__rate_interval", "1m")
    .replaceAll("$__range", "5m")
    .replaceAll("$provider", ".*")
    .replaceAll("$model", ".*")
    .replaceAll("$key", ".*");
}

const COMPLETION = testData("openai-chat-completion.json");
const TEXT_STREAM = fixture("openai/text.sse");
const STREAM_WITHOUT_USAGE = toSse(sseData(TEXT_STREAM).filter((data) => data === "[DONE]" || JSON.parse(data).choices.length > 0));

const GUARDED_KEY = "sk-test-prometheus-team-0123456789";

const upstream = useMockUpstream({ "POST /v1/chat/completions": respond(200, COMPLETION) });
const flaky = useMockUpstream({
  "POST /v1/chat/completions": respond(
    503,
    JSON.stringify({ error: { message: "overloaded", type: "server_error", param: null, code: null } }),
  ),
});
const providers = () => `
providers:
  openai:
    type: openai
    base_url: ${upstream.url}/v1
    api_key: sk-test-prometheus-000000
  flaky:
    type: openai
    base_url: ${flaky.url}/v1
    api_key: sk-test-prometheus-000000
  local:
    type: openai
    base_url: ${upstream.url}/v1
    options: { stream_usage: false }
retry: { backoff_ms: 1, max_backoff_ms: 2 }
cooldown: { failures: 2, duration_s: 1 }
routes:
  - { match: "gpt-*", provider: openai }
  - { match: resilient, provider: flaky, model: gpt-4.1-mini, fallbacks: [openai/gpt-4o] }
`;
const proxy = useTestProxy(() => `${providers()}cache: { mode: all }\n`);
// A replica whose Redis is unreachable: it serves uncached and counts cache errors.
const redisless = useTestProxy(
  async () =>
    `${providers()}cache: { mode: all, store: redis, redis_url: "redis://127.0.0.1:${await freePort()}", redis_timeout_ms: 50 }\n`,
);
// A replica with API keys whose limit store (Redis) is unreachable: per-key spend, refusals and limit store errors.
const guarded = useTestProxy(
  async () =>
    `${providers()}auth:\n  keys:\n    - { name: team, key: "${GUARDED_KEY}", models: ["gpt-*"], rpm: 1000 }\nredis: { url: "redis://127.0.0.1:${await freePort()}", timeout_ms: 50 }\n`,
);

let binary: string | undefined;
let prometheus: Prometheus;

beforeAll(async () => {
  binary = ensureDebianCommand("prometheus", "prometheus", (line) => process.stderr.write(`[prometheus test] ${line}\n`));
  if (!binary) {
    if (IN_CI) throw new Error("The Prometheus test needs Debian's prometheus, and it can neither be found nor installed.");
    console.warn("prometheus is not installed and cannot be installed here (not root): skipping the Prometheus end-to-end test.");
    return;
  }
  prometheus = await startPrometheus(binary, [`127.0.0.1:${proxy.port}`, `127.0.0.1:${redisless.port}`, `127.0.0.1:${guarded.port}`]);
}, 600_000);

afterAll(async () => {
  await prometheus?.stop();
});

/** Traffic that touches every panel: hits and misses, streams, errors, estimated and unpriced tokens. */
async function sendTraffic(round: number) {
  for (const target of [proxy, redisless]) {
    for (let i = 0; i < 3; i++)
      await target.post("/v1/chat/completions", { model: "gpt-4o", messages: [{ role: "user", content: `same question ${i % 2}` }] });
    upstream.on("POST /v1/chat/completions", replaySse(TEXT_STREAM));
    await target.post("/v1/chat/completions", {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: `stream ${round}` }],
      stream: true,
    });
    upstream.on("POST /v1/chat/completions", replaySse(STREAM_WITHOUT_USAGE));
    await target.post("/v1/chat/completions", {
      model: "local/llama-3.2",
      messages: [{ role: "user", content: `estimate ${round}` }],
      stream: true,
    });
    upstream.on("POST /v1/chat/completions", respond(200, COMPLETION));
    await target.post("/v1/chat/completions", { model: "flaky/gpt-4.1", messages: [{ role: "user", content: "fail" }] });
    // Retried, failed over, cooled down: the reliability row.
    await target.post("/v1/chat/completions", { model: "resilient", messages: [{ role: "user", content: `fall back ${round}` }] });
  }
  const key = { authorization: `Bearer ${GUARDED_KEY}` };
  await guarded.post("/v1/chat/completions", { model: "gpt-4o", messages: [{ role: "user", content: `keyed ${round}` }] }, key);
  await guarded.post("/v1/chat/completions", { model: "local/llama-3.2", messages: [{ role: "user", content: "not allowed" }] }, key);
  await guarded.post("/v1/chat/completions", { model: "gpt-4o", messages: [{ role: "user", content: "no key" }] });
}

async function waitForScrapes(count: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const scrapes = await prometheus.query('min(count_over_time(up{job="llm-proxy"}[1m]))');
    if (Number(scrapes[0]?.value[1] ?? 0) >= count) return;
    if (Date.now() > deadline) throw new Error("Prometheus is not scraping the proxies");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("the Grafana dashboard", () => {
  it("is an importable dashboard: datasource input, variables, panels with queries on a 24-column grid", () => {
    expect(dashboard.title).toBe("llm-proxy");
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: "DS_PROMETHEUS", type: "datasource", pluginId: "prometheus" })]);
    expect(dashboard.templating.list.map((variable) => variable.name)).toEqual(["provider", "model", "key"]);
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    for (const panel of queried) {
      expect(panel.targets.length).toBeGreaterThan(0);
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      for (const target of panel.targets) expect(target.datasource.uid).toBe("${DS_PROMETHEUS}");
    }
    const titles = dashboard.panels.map((panel) => panel.title);
    for (const title of [
      "Requests per second",
      "Error rate",
      "Latency p50 / p95",
      "Time to first token p50 / p95",
      "Tokens per second by type",
      "Dollars per hour",
      "Cache hit ratio",
      "Dollars per hour saved by the cache",
      "Spend per key in range",
      "Refusals per second by key and reason",
      "Reliability",
      "Upstream attempts per second by outcome",
      "Fallbacks per second",
      "Targets cooling down",
    ]) {
      expect(titles).toContain(title);
    }
  });

  it("has every panel query answered with data by a real Prometheus scraping the proxy", async (context) => {
    if (!binary) return context.skip();
    await waitForScrapes(2);
    await sendTraffic(1);
    await waitForScrapes(4);
    await sendTraffic(2);
    // Two more scrapes after the last request, so every rate sees the increase.
    const scraped = Number((await prometheus.query('min(count_over_time(up{job="llm-proxy"}[1m]))'))[0]?.value[1] ?? 0);
    await waitForScrapes(scraped + 2);

    const up = await prometheus.query('up{job="llm-proxy"}');
    expect(up.map((sample) => sample.value[1])).toEqual(["1", "1", "1"]);
    const empty: string[] = [];
    for (const panel of queried) {
      for (const target of panel.targets) {
        const result = await prometheus.query(asGrafanaWouldSend(target.expr));
        const values = result.map((sample) => Number(sample.value[1])).filter((value) => Number.isFinite(value));
        if (values.length === 0) empty.push(`${panel.title} (${target.refId}): ${target.expr}`);
      }
    }
    expect(empty).toEqual([]);

    const spent = await prometheus.query(
      asGrafanaWouldSend(dashboard.panels.find((panel) => panel.title === "Spend in range")!.targets[0]!.expr),
    );
    expect(Number(spent[0]!.value[1])).toBeGreaterThan(0);
    const hitRatio = await prometheus.query(
      asGrafanaWouldSend(dashboard.panels.find((panel) => panel.title === "Cache hit ratio")!.targets[0]!.expr),
    );
    expect(Number(hitRatio[0]!.value[1])).toBeGreaterThan(0);
    expect(Number(hitRatio[0]!.value[1])).toBeLessThan(1);
  });
});
