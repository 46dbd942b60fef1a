// What storing a response costs a `POST /v1/responses` request: the proxy bridged to the mock's
// chat completions, with the response store in memory, in SQLite and (when one answers) in
// PostgreSQL; each `store: true` (the default: the answer waits until its response is durable)
// beside `store: false` (nothing written) on the same proxy, interleaved.
//
//   npm run build && node bench/stored-responses.mjs    (BENCH_SAMPLES, BENCH_SECONDS, BENCH_POSTGRES_URL)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { Pool } from "undici";
import { startNode } from "./processes.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 32;
const POSTGRES = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const dir = mkdtempSync(join(tmpdir(), "llm-proxy-bench-responses-"));
let database;
async function postgresAdmin(statement) {
  const client = new pg.Client({ connectionString: POSTGRES, connectionTimeoutMillis: 1000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
async function cleanup() {
  rmSync(dir, { recursive: true, force: true });
  if (database) await postgresAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
}
process.on("SIGINT", () => cleanup().then(() => process.exit(130)));

const mock = await startNode([join(here, "mock-upstream.mjs"), "0"]);
async function startProxy(name, state) {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `log_level: warn\nproviders:\n  bench:\n    type: openai\n    base_url: http://127.0.0.1:${mock.port}/v1\n    api_key: sk-bench\n` +
      `routes:\n  - { match: "*", provider: bench }\n${state ? `state: { url: "${state}" }\n` : ""}`,
  );
  const proxy = await startNode([join(root, "dist/cli.js"), "--config", file, "--port", "0"]);
  return { name, ...proxy, pool: new Pool(`http://127.0.0.1:${proxy.port}`, { connections: 1 }) };
}
const proxies = [await startProxy("memory"), await startProxy("sqlite", `sqlite:${join(dir, "state.db")}`)];
try {
  database = `llm_proxy_bench_${process.pid}`;
  await postgresAdmin(`CREATE DATABASE ${database}`);
  const url = new URL(POSTGRES);
  url.pathname = `/${database}`;
  proxies.push(await startProxy("postgres", url.toString()));
} catch (error) {
  database = undefined;
  process.stderr.write(`no PostgreSQL at ${POSTGRES} (${error.message}): the PostgreSQL row is left out\n`);
}

const body = (store, stream) =>
  JSON.stringify({ model: "bench-model", input: "Write one short paragraph about foxes.", store, ...(stream ? { stream: true } : {}) });
async function timeOne(proxy, store, stream) {
  const started = process.hrtime.bigint();
  const response = await proxy.pool.request({
    path: "/v1/responses",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body(store, stream),
  });
  for await (const _ of response.body);
  if (response.statusCode !== 200) throw new Error(`${proxy.name} answered ${response.statusCode}`);
  return Number(process.hrtime.bigint() - started) / 1000;
}
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const throughput = async (proxy, store) =>
  (
    await autocannon({
      url: `http://127.0.0.1:${proxy.port}/v1/responses`,
      method: "POST",
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: { "content-type": "application/json" },
      body: body(store, false),
    })
  ).requests.average;

const log = (message) => process.stderr.write(`${message}\n`);
log("warming up");
for (const proxy of proxies) for (const store of [false, true]) await throughput(proxy, store);

const rows = [];
for (const stream of [false, true]) {
  const results = new Map(proxies.flatMap((proxy) => [false, true].map((store) => [`${proxy.name} ${store}`, []])));
  for (let i = 0; i < SAMPLES; i++) {
    for (const proxy of proxies)
      for (const store of [false, true]) results.get(`${proxy.name} ${store}`).push(await timeOne(proxy, store, stream));
  }
  for (const proxy of proxies) {
    const [off, on] = [false, true].map((store) => results.get(`${proxy.name} ${store}`));
    rows.push({
      store: proxy.name,
      answer: stream ? "stream, to its end" : "JSON",
      "store: false p50 µs": Math.round(percentile(off, 50)),
      "store: true p50 µs": Math.round(percentile(on, 50)),
      "added p50 µs": Math.round(percentile(on, 50) - percentile(off, 50)),
      "added p99 µs": Math.round(percentile(on, 99) - percentile(off, 99)),
    });
  }
}
console.table(rows);
const throughputRows = [];
for (const proxy of proxies) {
  const [off, on] = [await throughput(proxy, false), await throughput(proxy, true)];
  throughputRows.push({ store: proxy.name, "store: false req/s": Math.round(off), "store: true req/s": Math.round(on) });
}
console.table(throughputRows);
await Promise.all(proxies.map((proxy) => proxy.pool.close()));
await cleanup();
process.exit(0);
