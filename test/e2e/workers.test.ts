import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startCli, stopCliProcesses, tempConfig } from "../helpers/cli.js";
import { eventually } from "../helpers/eventually.js";
import { fixture, testData } from "../helpers/files.js";
import { parseMetrics, total } from "../helpers/metrics.js";
import { replaySse, respond } from "../helpers/mock-answers.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { sseData } from "../helpers/sse.js";

/**
 * `--workers 2`: one port served by two processes. Every scrape shows the sum over both, whichever
 * answers it; SIGTERM lets both finish their streams and exit; SIGHUP reloads both.
 */

const upstream = useMockUpstream({
  "POST /a/v1/chat/completions": respond(200, JSON.stringify({ ...JSON.parse(testData("openai-chat-completion.json")), id: "from-a" })),
  "POST /b/v1/chat/completions": respond(200, JSON.stringify({ ...JSON.parse(testData("openai-chat-completion.json")), id: "from-b" })),
  "POST /slow/v1/chat/completions": replaySse(fixture("openai/text.sse"), { gapMs: 40 }),
});

const config = (route: "a" | "b") => `
providers:
  a: { type: openai, base_url: "${upstream.url}/a/v1", api_key: sk-a }
  b: { type: openai, base_url: "${upstream.url}/b/v1", api_key: sk-b }
  slow: { type: openai, base_url: "${upstream.url}/slow/v1", api_key: sk-slow }
routes:
  - { match: "slow-*", provider: slow }
  - { match: "*", provider: ${route} }
`;

/** One request on a connection of its own, so cluster's round robin spreads requests over the workers. */
function send(url: string, method: "GET" | "POST", path: string, body?: object): Promise<{ status: number; text: string }> {
  const { port } = new URL(url);
  const payload = body ? JSON.stringify(body) : undefined;
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port,
      method,
      path,
      agent: false,
      headers: payload ? { "content-type": "application/json" } : {},
    });
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (part) => (text += part));
      res.on("end", () => resolve({ status: res.statusCode!, text }));
    });
    req.on("error", reject);
    req.end(payload);
  });
}

const chat = (url: string, model: string, stream = false) =>
  send(url, "POST", "/v1/chat/completions", { model, stream, messages: [{ role: "user", content: "hi" }] });

function workerPids(primary: number): number[] {
  return execFileSync("ps", ["-o", "pid=", "--ppid", String(primary)], { encoding: "utf8" })
    .split("\n")
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterEach(stopCliProcesses);

describe("--workers", () => {
  it("serves one port from two processes, and every scrape shows the sum over both", async () => {
    const proxy = await startCli(["--config", tempConfig(config("a")), "--port", "0", "--workers", "2"]);
    expect(proxy.stdout()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(2 workers\)/);
    expect(workerPids(proxy.child.pid!)).toHaveLength(2);
    const requests = 12;
    for (let i = 0; i < requests; i++) expect((await chat(proxy.url, "gpt-4o")).status).toBe(200);
    for (let scrape = 0; scrape < 4; scrape++) {
      const metrics = await send(proxy.url, "GET", "/metrics");
      expect(metrics.status).toBe(200);
      const samples = parseMetrics(metrics.text);
      expect(total(samples, "llm_proxy_requests_total", { provider: "a", status_code: "200" })).toBe(requests);
      expect(total(samples, "llm_proxy_request_duration_seconds_count", { provider: "a" })).toBe(requests);
      expect(total(samples, "llm_proxy_in_flight_requests")).toBe(0);
    }
  });

  it("drains every worker on SIGTERM: streams in flight on both finish, then all exit", async () => {
    const proxy = await startCli(["--config", tempConfig(config("a")), "--port", "0", "--workers", "2"]);
    const workers = workerPids(proxy.child.pid!);
    const before = upstream.requests.length;
    const streams = [chat(proxy.url, "slow-1", true), chat(proxy.url, "slow-2", true)];
    await eventually(() => upstream.requests.length === before + 2, 5000);
    const exited = new Promise<number | null>((resolve) => proxy.child.once("exit", resolve));
    proxy.child.kill("SIGTERM");
    for (const stream of await Promise.all(streams)) {
      expect(stream.status).toBe(200);
      expect(sseData(stream.text).at(-1)).toBe("[DONE]");
    }
    expect(await exited).toBe(0);
    expect(workers.filter(isRunning)).toEqual([]);
    await expect(chat(proxy.url, "gpt-4o")).rejects.toThrow(/ECONNREFUSED/);
  });

  it("reloads every worker on SIGHUP to the primary", async () => {
    const file = tempConfig(config("a"));
    const proxy = await startCli(["--config", file, "--port", "0", "--workers", "2"]);
    writeFileSync(file, config("b"));
    proxy.child.kill("SIGHUP");
    await eventually(() => proxy.stderr().split('"msg":"config reloaded"').length - 1 === 2, 5000);
    for (let i = 0; i < 6; i++) expect(JSON.parse((await chat(proxy.url, "gpt-4o")).text).id).toBe("from-b");
  });
});
