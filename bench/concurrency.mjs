// Memory and concurrency: many long streams at once through one proxy, and one very long stream.
//
//   npm run build && node bench/concurrency.mjs
//
// 1. CONCURRENCY_STREAMS (1,000) streams at once, each about two seconds long (the mock spaces its
//    66 events 30 ms apart): straight to the mock upstream, through the floor (bench/floor.mjs, the
//    least a Node relay costs) and through llm-proxy: the wall time of each batch and the proxy's
//    peak RSS. Targets: proxy wall ≤ 1.3× direct, RSS ≤ 400 MB.
// 2. One stream of CONCURRENCY_STREAM_MB (10) MB through the proxy, read a little slower than it
//    comes: the proxy's RSS, sampled every 20 ms, must stay flat (no stream is held in memory;
//    backpressure paces the upstream). Runs after part 1, whose streams reported usage, so the
//    proxy no longer keeps this provider's chunks for counting tokens (README, "Metrics").
import { startNode } from "./processes.mjs";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const STREAMS = Number(process.env.CONCURRENCY_STREAMS ?? 1000);
const GAP_MS = Number(process.env.CONCURRENCY_GAP_MS ?? 30);
const STREAM_MB = Number(process.env.CONCURRENCY_STREAM_MB ?? 10);

const start = (args) => startNode(args);

const mb = (kb) => kb / 1024;
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rss: mb(kb("VmRSS")), peak: mb(kb("VmHWM")) };
}

const mock = await start([join(here, "mock-upstream.mjs"), "0"]);
const dir = mkdtempSync(join(tmpdir(), "llm-proxy-concurrency-"));
const config = join(dir, "config.yaml");
writeFileSync(
  config,
  `log_level: warn\nproviders:\n  bench:\n    type: openai\n    base_url: http://127.0.0.1:${mock.port}/v1\n    api_key: sk-bench\nroutes:\n  - { match: "*", provider: bench }\n`,
);
const proxy = await start([join(root, "dist/cli.js"), "--config", config, "--port", "0"]);
const floor = await start([join(here, "floor.mjs"), "0", `http://127.0.0.1:${mock.port}/v1`]);
// The load generator's own connections must not be the bottleneck: one per stream.
const agent = new Agent({ connections: null, keepAliveTimeout: 30_000 });

async function stream(port, model, extra = {}, onPart = () => {}) {
  const response = await request(`http://127.0.0.1:${port}/v1/chat/completions`, {
    method: "POST",
    dispatcher: agent,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, stream: true, messages: [{ role: "user", content: "Tell a long story." }], ...extra }),
    headersTimeout: 120_000,
    bodyTimeout: 120_000,
  });
  let bytes = 0;
  let tail = "";
  for await (const part of response.body) {
    bytes += part.length;
    tail = (tail + part.toString("latin1")).slice(-32);
    await onPart(part);
  }
  if (response.statusCode !== 200 || !tail.endsWith("data: [DONE]\n\n")) throw new Error(`stream failed: ${response.statusCode} …${tail}`);
  return bytes;
}

async function batch(port, model) {
  const started = performance.now();
  await Promise.all(Array.from({ length: STREAMS }, () => stream(port, model, { bench_gap_ms: GAP_MS })));
  return performance.now() - started;
}

const log = (line) => process.stderr.write(`${line}\n`);
log(`${STREAMS} concurrent streams, events ${GAP_MS} ms apart: direct, through the floor, through llm-proxy`);
const idle = memory(proxy.child.pid);
const direct = await batch(mock.port, "bench-model");
const floored = await batch(floor.port, "bench/bench-model");
const proxied = await batch(proxy.port, "bench/bench-model");
const afterBatch = memory(proxy.child.pid);

log(`one ${STREAM_MB} MB stream through llm-proxy`);
const before = memory(proxy.child.pid).rss;
let highest = before;
const sampler = setInterval(() => {
  highest = Math.max(highest, memory(proxy.child.pid).rss);
}, 20);
let received = 0;
const longStarted = performance.now();
const longBytes = await stream(proxy.port, "bench/bench-model", { bench_stream_bytes: STREAM_MB * 1024 * 1024 }, async (part) => {
  received += part.length;
  // A reader a little slower than the proxy: backpressure, not memory, must absorb the difference.
  if (received % (256 * 1024) < part.length) await new Promise((resolve) => setTimeout(resolve, 1));
});
const longMs = performance.now() - longStarted;
clearInterval(sampler);

const ratio = proxied / direct;
const lines = [
  `| measure | value | target |`,
  `|---|---|---|`,
  `| ${STREAMS} streams, wall time direct | ${(direct / 1000).toFixed(2)} s | |`,
  `| ${STREAMS} streams, wall time through the floor | ${(floored / 1000).toFixed(2)} s (${(floored / direct).toFixed(2)}× direct) | |`,
  `| ${STREAMS} streams, wall time through llm-proxy | ${(proxied / 1000).toFixed(2)} s (${ratio.toFixed(2)}× direct) | ≤ 1.3× direct |`,
  `| llm-proxy RSS idle → after the streams (peak) | ${idle.rss.toFixed(1)} → ${afterBatch.rss.toFixed(1)} MB (${afterBatch.peak.toFixed(1)} MB) | peak ≤ 400 MB |`,
  `| one ${STREAM_MB} MB stream (${(longBytes / 1024 / 1024).toFixed(1)} MB to the client in ${(longMs / 1000).toFixed(2)} s): llm-proxy RSS before → highest | ${before.toFixed(1)} → ${highest.toFixed(1)} MB (+${(highest - before).toFixed(1)} MB) | flat: far below the stream's size |`,
];
process.stdout.write(`${lines.join("\n")}\n`);
await agent.close();
process.exit(0);
