// Benchmark: llm-proxy's own overhead next to the floor (the cheapest Node relay) and a direct call,
// all measured in one run, interleaved, so the machine's noise falls on all three alike.
// Gateways are pinned to CPU 0, the mock upstream and the load generator to CPU 1.
//
//   npm run bench                      (BENCH_SECONDS, BENCH_ROUNDS, BENCH_SAMPLES to tune)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { cpus, tmpdir, release } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import { startNode } from "./processes.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 2000);
const STREAM_SAMPLES = Number(process.env.BENCH_STREAM_SAMPLES ?? 300);
const CONNECTIONS = 32;
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP_ROUNDS ?? 4);

const canPin = (() => {
  try {
    execFileSync("taskset", ["-V"], { stdio: "ignore" });
    return cpus().length >= 2;
  } catch {
    return false;
  }
})();

async function redisAnswers(url) {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const startProcess = (cpu, args) => startNode(args, canPin ? cpu : undefined);
process.on("SIGINT", () => process.exit(130));

if (canPin) execFileSync("taskset", ["-cp", "1", String(process.pid)], { stdio: "ignore" });
if (!existsSync(join(root, "dist/cli.js"))) throw new Error("dist/cli.js missing: run npm run build");

const mock = await startProcess(1, [join(here, "mock-upstream.mjs"), "0"]);
const mockOrigin = `http://127.0.0.1:${mock.port}`;
const upstreamUrl = `${mockOrigin}/v1`;
const floor = await startProcess(0, [join(here, "floor.mjs"), "0", upstreamUrl]);
const configDir = mkdtempSync(join(tmpdir(), "llm-proxy-bench-"));
function proxyConfig(name, extra, routes = `routes:\n  - { match: "*", provider: bench }\n`) {
  const file = join(configDir, `${name}.yaml`);
  writeFileSync(
    file,
    `log_level: warn\n${extra}providers:\n  bench:\n    type: openai\n    base_url: ${upstreamUrl}\n    api_key: sk-bench\n` +
      // A second deployment of the same upstream, for the targets + fallbacks column.
      `  bench2:\n    type: openai\n    base_url: ${upstreamUrl}\n    api_key: sk-bench\n` +
      // The native translations, against the mock's Anthropic and Gemini streams (bench/mock-upstream.mjs).
      `  anthropic:\n    type: anthropic\n    base_url: ${mockOrigin}\n    api_key: sk-bench\n` +
      `  gemini:\n    type: gemini\n    base_url: ${mockOrigin}\n    api_key: sk-bench\n` +
      routes,
  );
  return file;
}
const proxy = await startProcess(0, [join(root, "dist/cli.js"), "--config", proxyConfig("default", ""), "--port", "0"]);
// The same proxy without Prometheus metrics, to show what accounting costs.
const bare = await startProcess(0, [
  join(root, "dist/cli.js"),
  "--config",
  proxyConfig("bare", "metrics: { enabled: false }\n"),
  "--port",
  "0",
]);
// "One key and a limit on": every request authenticated and counted against an RPM and a TPM
// window, in memory, and (when a Redis answers) in Redis, as replicas would share them.
const BENCH_KEY = "sk-bench-client-0123456789abcdefghijkl";
const keyedConfig = `auth:\n  keys:\n    - { name: bench, key: "${BENCH_KEY}", rpm: 1000000000, tpm: 1000000000000 }\n`;
const keyed = await startProcess(0, [join(root, "dist/cli.js"), "--config", proxyConfig("keyed", keyedConfig), "--port", "0"]);
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const keyedRedis = (await redisAnswers(redisUrl))
  ? await startProcess(0, [
      join(root, "dist/cli.js"),
      "--config",
      proxyConfig("keyed-redis", `${keyedConfig}redis: { url: "${redisUrl}", key_prefix: "llm-proxy-bench:${process.pid}:" }\n`),
      "--port",
      "0",
    ])
  : undefined;
if (!keyedRedis) process.stderr.write(`no Redis answers at ${redisUrl}: the Redis variant is left out\n`);
// The same proxy with the bench model behind a route of two weighted targets and a fallback: what
// planning across deployments costs when nothing fails.
const resilientRoutes = `routes:\n  - match: "*"\n    targets: [{ provider: bench, weight: 3 }, { provider: bench2, weight: 1 }]\n    fallbacks: [bench2/bench-fallback]\n`;
const resilient = await startProcess(0, [
  join(root, "dist/cli.js"),
  "--config",
  proxyConfig("resilient", "", resilientRoutes),
  "--port",
  "0",
]);
// BENCH_BASELINE=path/to/dist/cli.js: another build (say, main before a change) measured in the same run.
const baselineCli = process.env.BENCH_BASELINE;
const baseline = baselineCli ? await startProcess(0, [baselineCli, "--config", proxyConfig("baseline", ""), "--port", "0"]) : undefined;

const targets = [
  { name: "direct", port: mock.port, model: "bench-model", pid: undefined },
  { name: "floor", port: floor.port, model: "bench/bench-model", pid: floor.child.pid },
  { name: "llm-proxy", port: proxy.port, model: "bench/bench-model", pid: proxy.child.pid },
  { name: "no-metrics", port: bare.port, model: "bench/bench-model", pid: bare.child.pid },
  { name: "keyed", port: keyed.port, model: "bench/bench-model", pid: keyed.child.pid, key: BENCH_KEY },
  ...(keyedRedis
    ? [{ name: "keyed-redis", port: keyedRedis.port, model: "bench/bench-model", pid: keyedRedis.child.pid, key: BENCH_KEY }]
    : []),
  { name: "fallbacks", port: resilient.port, model: "bench-model", pid: resilient.child.pid },
  ...(baseline ? [{ name: "baseline", port: baseline.port, model: "bench/bench-model", pid: baseline.child.pid }] : []),
];
const gateways = targets.filter((t) => t.pid !== undefined);
const messages = [{ role: "user", content: "Write one short paragraph about foxes." }];
/** Streams through the proxy's native translations, measured beside the OpenAI pass-through. */
const NATIVE_MODELS = { anthropic: "anthropic/claude-bench", gemini: "gemini/gemini-bench" };
/** Only llm-proxy builds translate; direct and the floor speak OpenAI's format only. */
const translates = (target) => target.name !== "direct" && target.name !== "floor";
const bodyFor = (target, stream, gapMs = 0, model = target.model) =>
  JSON.stringify({
    model,
    messages,
    max_tokens: 200,
    ...(stream ? { stream: true } : {}),
    ...(gapMs ? { bench_gap_ms: gapMs } : {}),
  });
const CHAT_PATH = "/v1/chat/completions";
const EMBEDDINGS_PATH = "/v1/embeddings";
// The 1,536-dimension float answer passes through unchanged: the proxy reads its usage and relays its ~30 KB.
const embeddingsBody = (target) =>
  JSON.stringify({ model: target.model.replace("bench-model", "bench-embed"), input: "The quick brown fox", encoding_format: "float" });
const headersFor = (target) => ({ "content-type": "application/json", ...(target.key ? { authorization: `Bearer ${target.key}` } : {}) });
/** The mock's first content delta (its role chunk carries an empty content). */
const FIRST_TOKEN = /"content":" /;

for (const target of targets) target.pool = new Pool(`http://127.0.0.1:${target.port}`, { connections: 1 });

async function timeOne(target, stream, gapMs = 0, path = CHAT_PATH, body = bodyFor(target, stream, gapMs)) {
  const started = process.hrtime.bigint();
  const response = await target.pool.request({ path, method: "POST", headers: headersFor(target), body });
  // The first token, not the first byte: a gateway that holds the role chunk until the first
  // content (llm-proxy's commit point) sends its first byte later, its first token not.
  let first;
  let seen = "";
  for await (const part of response.body) {
    if (first === undefined) {
      seen += part.toString("utf8");
      if (!stream || FIRST_TOKEN.test(seen)) first = process.hrtime.bigint();
    }
  }
  const ended = process.hrtime.bigint();
  if (response.statusCode !== 200) throw new Error(`${target.name} answered ${response.statusCode}`);
  return { total: Number(ended - started) / 1000, firstToken: Number(first - started) / 1000 };
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const median = (values) => percentile(values, 50);

async function interleaved(samples, stream, gapMs, pick, measure = (target) => timeOne(target, stream, gapMs)) {
  const results = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let i = 0; i < samples; i++) {
    // Rotate the order so no target always runs right after another.
    for (let j = 0; j < targets.length; j++) {
      const target = targets[(i + j) % targets.length];
      results[target.name].push(pick(await measure(target)));
    }
  }
  return results;
}
const timeEmbedding = (target) => timeOne(target, false, 0, EMBEDDINGS_PATH, embeddingsBody(target));

/** CPU time (user + system) a process has used, in microseconds: robust to a busy machine. */
function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

async function throughput(target, stream, model) {
  const cpuBefore = target.pid ? cpuMicros(target.pid) : 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}${CHAT_PATH}`,
    method: "POST",
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: headersFor(target),
    body: bodyFor(target, stream, 0, model),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const cpuPerRequest = target.pid ? (cpuMicros(target.pid) - cpuBefore) / result.requests.total : undefined;
  return { rps: result.requests.average, cpuPerRequest };
}

function rss(pid) {
  if (!pid) return undefined;
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { now: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

const log = (message) => process.stderr.write(`${message}\n`);
log(`warming up (${canPin ? "gateways on CPU 0, mock and load on CPU 1" : "not pinned: taskset or a second CPU missing"})`);
// Steady state is what a long-running gateway lives in: give every JIT time to optimise the paths
// it runs (the proxy has more of them than the floor, and took ~20 s under load to settle).
for (let i = 0; i < WARMUP_ROUNDS; i++) {
  for (const target of targets) {
    for (const stream of [false, true]) await throughput(target, stream);
    if (translates(target)) for (const model of Object.values(NATIVE_MODELS)) await throughput(target, true, model);
  }
}
await interleaved(300, false, 0, (r) => r.total);

log(`latency, concurrency 1: ${SAMPLES} JSON requests per target, interleaved`);
const jsonLatency = await interleaved(SAMPLES, false, 0, (r) => r.total);
log(`embeddings: ${SAMPLES} requests per target, 1,536 dimensions passed through`);
await interleaved(100, false, 0, (r) => r.total, timeEmbedding);
const embeddingsLatency = await interleaved(SAMPLES, false, 0, (r) => r.total, timeEmbedding);
log(`streaming: ${STREAM_SAMPLES} streams per target with 1 ms between events, time to first token`);
const streamTimes = await interleaved(STREAM_SAMPLES, true, 1, (r) => r);

log(`throughput, concurrency ${CONNECTIONS}: ${ROUNDS} rounds of ${SECONDS} s per target and mode`);
const perTarget = () => Object.fromEntries(targets.map((t) => [t.name, []]));
const rps = { json: perTarget(), sse: perTarget(), anthropic: perTarget(), gemini: perTarget() };
const cpu = { json: perTarget(), sse: perTarget(), anthropic: perTarget(), gemini: perTarget() };
for (let round = 0; round < ROUNDS; round++) {
  for (let j = 0; j < targets.length; j++) {
    const target = targets[(round + j) % targets.length];
    for (const mode of ["json", "sse", ...(translates(target) ? Object.keys(NATIVE_MODELS) : [])]) {
      const measured = await throughput(target, mode !== "json", NATIVE_MODELS[mode]);
      rps[mode][target.name].push(measured.rps);
      if (measured.cpuPerRequest !== undefined) cpu[mode][target.name].push(measured.cpuPerRequest);
    }
  }
}

/**
 * The proxy's own code, in this process: a Gemini batchEmbedContents answer of 100 vectors of
 * 3,072 floats (gemini-embedding-001's default size, Gemini's 8-digit numbers) parsed and
 * written as OpenAI's answer in base64, as the openai SDKs ask by default. CPU time, median.
 */
const GEMINI_ROUNDS = 40;
async function geminiToBase64CpuMs() {
  const { gemini } = await import(join(root, "dist/providers/gemini/index.js"));
  const { embeddingsAnswerText } = await import(join(root, "dist/embeddings/answer-text.js"));
  const values = (seed) => Array.from({ length: 3072 }, (_, i) => Number((Math.sin(seed * 3072 + i) / 20).toPrecision(8)));
  const answer = JSON.stringify({
    embeddings: Array.from({ length: 100 }, (_, seed) => ({ values: values(seed) })),
    usageMetadata: { promptTokenCount: 1200 },
  });
  const translate = () => {
    const parsed = gemini.embeddings.parseResponse(answer, undefined);
    return embeddingsAnswerText(parsed.vectors, "base64", "gemini-embedding-001", parsed.promptTokens);
  };
  for (let i = 0; i < 10; i++) translate();
  const times = [];
  for (let i = 0; i < GEMINI_ROUNDS; i++) {
    const before = process.cpuUsage();
    translate();
    const used = process.cpuUsage(before);
    times.push((used.user + used.system) / 1000);
  }
  return median(times);
}

const addedAt = (results, name, p) => percentile(results[name], p) - percentile(results.direct, p);
const addedFirst = (name) => median(streamTimes[name].map((r) => r.firstToken)) - median(streamTimes.direct.map((r) => r.firstToken));
const byName = (fn) => Object.fromEntries(targets.map((t) => [t.name, fn(t.name)]));
const byGateway = (fn) => Object.fromEntries(gateways.map((t) => [t.name, fn(t.name)]));

const results = {
  addedP50: byGateway((name) => addedAt(jsonLatency, name, 50)),
  addedP99: byGateway((name) => addedAt(jsonLatency, name, 99)),
  rpsJson: byName((name) => median(rps.json[name])),
  rpsSse: byName((name) => median(rps.sse[name])),
  cpuJson: byGateway((name) => median(cpu.json[name])),
  cpuSse: byGateway((name) => median(cpu.sse[name])),
  rpsAnthropic: byGateway((name) => median(rps.anthropic[name])),
  rpsGemini: byGateway((name) => median(rps.gemini[name])),
  cpuAnthropic: byGateway((name) => median(cpu.anthropic[name])),
  cpuGemini: byGateway((name) => median(cpu.gemini[name])),
  addedTtft: byGateway(addedFirst),
  addedEmbeddingsP50: byGateway((name) => addedAt(embeddingsLatency, name, 50)),
  addedEmbeddingsP99: byGateway((name) => addedAt(embeddingsLatency, name, 99)),
  geminiBase64CpuMs: await geminiToBase64CpuMs(),
  streamTotalP50: byName((name) => median(streamTimes[name].map((r) => r.total))),
  rssPeak: byGateway((name) => rss(targets.find((t) => t.name === name).pid)?.peak),
};

const row = (label, values, unit, digits = 0) => {
  const fmt = (v) => (v === undefined || Number.isNaN(v) ? "—" : `${v.toFixed(digits)}${unit}`);
  const ratio = (name) => (values.floor && values[name] !== undefined ? (values[name] / values.floor).toFixed(2) : "—");
  const cells = [fmt(values.direct), fmt(values.floor), fmt(values["llm-proxy"]), ratio("llm-proxy"), fmt(values["no-metrics"])];
  cells.push(
    fmt(values.keyed),
    ratio("keyed"),
    fmt(values["keyed-redis"]),
    ratio("keyed-redis"),
    fmt(values.fallbacks),
    ratio("fallbacks"),
  );
  if (baseline) cells.push(fmt(values.baseline), ratio("baseline"));
  return `| ${label} | ${cells.join(" | ")} |`;
};
const header = [
  "metric",
  "direct",
  "floor",
  "llm-proxy",
  "llm-proxy / floor",
  "llm-proxy, metrics off",
  "one key + limits, memory",
  "/ floor",
  "one key + limits, Redis",
  "/ floor",
  "targets + fallbacks",
  "/ floor",
];
if (baseline) header.push("baseline", "baseline / floor");
const ratioOf = (values, name = "llm-proxy") => (values[name] / values.floor).toFixed(2);

const lines = [
  `Machine: ${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}, Linux ${release()}, Node ${process.version}; ${canPin ? "gateways pinned to CPU 0, mock + load to CPU 1" : "unpinned"}${baseline ? `; baseline: ${baselineCli}` : ""}`,
  "",
  `| ${header.join(" | ")} |`,
  `|${header.map(() => "---").join("|")}|`,
  row("added latency p50, JSON, c=1", results.addedP50, " µs"),
  row("added latency p99, JSON, c=1", results.addedP99, " µs"),
  row(`requests/s, JSON, c=${CONNECTIONS}`, results.rpsJson, ""),
  row(`requests/s, SSE 64 chunks, c=${CONNECTIONS}`, results.rpsSse, ""),
  row("gateway CPU per request, JSON", results.cpuJson, " µs"),
  row("gateway CPU per request, SSE 64 chunks", results.cpuSse, " µs"),
  row(`requests/s, SSE 64 chunks via Anthropic, c=${CONNECTIONS}`, results.rpsAnthropic, ""),
  row(`requests/s, SSE 64 chunks via Gemini, c=${CONNECTIONS}`, results.rpsGemini, ""),
  row("gateway CPU per request, SSE via Anthropic", results.cpuAnthropic, " µs"),
  row("gateway CPU per request, SSE via Gemini", results.cpuGemini, " µs"),
  row("added time to first token, p50", results.addedTtft, " µs"),
  row("added latency p50, embeddings 1,536 dims, c=1", results.addedEmbeddingsP50, " µs"),
  row("added latency p99, embeddings 1,536 dims, c=1", results.addedEmbeddingsP99, " µs"),
  row("stream duration p50 (66 events, 1 ms apart)", results.streamTotalP50, " µs"),
  row("RSS after the run (peak)", results.rssPeak, " MB", 1),
  "",
  `Targets: added p50 ≤ 1.15× floor (${ratioOf(results.addedP50)}), JSON req/s ≥ 0.85× floor (${ratioOf(results.rpsJson)}), ` +
    `added time to first token ≤ 1.5× floor (${ratioOf(results.addedTtft)}), ` +
    `added embeddings p50 ≤ 1.25× floor (${ratioOf(results.addedEmbeddingsP50)}).`,
  `SSE req/s ≥ 0.8× floor (${ratioOf(results.rpsSse)}), CPU per SSE request ≤ 1.25× floor (${ratioOf(results.cpuSse)}).`,
  `One key and a limit on (memory): added p50 ≤ 1.25× floor (${ratioOf(results.addedP50, "keyed")}), ` +
    `JSON req/s ≥ 0.75× floor (${ratioOf(results.rpsJson, "keyed")}); on Redis: ${keyedRedis ? `${ratioOf(results.addedP50, "keyed-redis")}, ${ratioOf(results.rpsJson, "keyed-redis")}` : "not measured"}.`,
  "",
  `Proxy CPU to translate a 100-input Gemini answer (3,072 dimensions) to OpenAI's base64: ${results.geminiBase64CpuMs.toFixed(2)} ms (median of ${GEMINI_ROUNDS}).`,
];
process.stdout.write(`${lines.join("\n")}\n`);
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "latest.json"), JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
for (const target of targets) await target.pool.close();
process.exit(0);
