import { existsSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { request as httpRequest } from "node:http";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLI, cleanEnv, runCli as run, startCli as start, stopCliProcesses, tempConfig } from "../helpers/cli.js";
import { eventually } from "../helpers/eventually.js";
import { fixture, testData } from "../helpers/files.js";
import { respond, replaySse } from "../helpers/mock-answers.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { expectError, expectModelList } from "../helpers/openai-schema.js";
import { sseData } from "../helpers/sse.js";

async function busyPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error("dist/cli.js is missing: run `npm run build` (npm test does) first");
});

afterEach(stopCliProcesses);

describe("llm-proxy CLI", () => {
  it("serves the shipped config.yaml with no API keys set: clear 401s, a model list, a clean shutdown", async () => {
    const proxy = await start(["--port", "0"]);
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(proxy.url).port).not.toBe("8787");

    const chat = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(chat.status).toBe(401);
    const error = (await chat.json()) as { error: { message: string } };
    expectError(error);
    expect(error.error.message).toContain("OPENAI_API_KEY");

    const models = await fetch(`${proxy.url}/v1/models`);
    expect(models.status).toBe(200);
    expectModelList(await models.json());

    const exited = new Promise((resolve) => proxy.child.once("exit", resolve));
    proxy.child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("takes config, port and host from LLM_PROXY_CONFIG, PORT and HOST", async () => {
    const file = tempConfig("providers: {}\n");
    const { port, release } = await busyPort();
    await release();
    const proxy = await start([], cleanEnv({ LLM_PROXY_CONFIG: file, PORT: String(port), HOST: "127.0.0.1" }));
    expect(proxy.url).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`${proxy.url}/healthz`)).status).toBe(200);
  });

  it("refuses a busy port instead of moving to another one", async () => {
    const { port, release } = await busyPort();
    try {
      const proc = run(["--port", String(port)]);
      expect(await proc.exited).toBe(1);
      expect(proc.stderr()).toContain(`cannot listen on 127.0.0.1:${port}`);
      expect(proc.stdout()).not.toContain("listening");
    } finally {
      await release();
    }
  });

  it("refuses a port listhen would silently swap for another (an 'unsafe' one)", async () => {
    const proc = run(["--port", "6000"]);
    const code = await proc.exited;
    expect(code).toBe(1);
    expect(proc.stdout()).not.toContain("listening on http://127.0.0.1:3000");
  });

  it("exits non-zero naming the bad key of an invalid config", async () => {
    const file = tempConfig("providers:\n  openai:\n    type: openai\n    base_url: not a url\n");
    const proc = run(["--config", file, "--port", "0"]);
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toContain("providers.openai.base_url");
  });

  it("exits non-zero for a missing config file and for bad flags", async () => {
    const missing = run(["--config", "/nonexistent/config.yaml"]);
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toContain("cannot read config file");
    const badFlag = run(["--bogus"]);
    expect(await badFlag.exited).toBe(2);
    const badPort = run(["--port", "http"]);
    expect(await badPort.exited).toBe(2);
  });

  it("keeps API keys out of its output, even in failure logs", async () => {
    const secret = "sk-cli-secret-abcdef0123456789";
    const { port, release } = await busyPort();
    await release();
    const file = tempConfig(
      `providers:\n  openai:\n    type: openai\n    base_url: http://127.0.0.1:${port}/v1\n    api_key: \${OPENAI_API_KEY}\n`,
    );
    const proxy = await start(["--config", file, "--port", "0"], cleanEnv({ OPENAI_API_KEY: secret }));
    await fetch(`${proxy.url}/v1/models`);
    const chat = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "openai/gpt-4o", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(chat.status).toBe(502);
    expect(await chat.text()).not.toContain(secret);
    expect(proxy.stderr()).toContain("model listing failed");
    expect(proxy.stdout() + proxy.stderr()).not.toContain(secret);
  });

  it("prints usage for --help", async () => {
    const proc = run(["--help"]);
    expect(await proc.exited).toBe(0);
    expect(proc.stdout()).toContain("--config FILE");
  });
});

describe("config reload (SIGHUP, --watch)", () => {
  const upstream = useMockUpstream({
    "POST /a/v1/chat/completions": respond(200, fixtureCompletion("from-a")),
    "POST /b/v1/chat/completions": respond(200, fixtureCompletion("from-b")),
    // A slow stream: it must outlive the reload and end cleanly on the snapshot it began with.
    "POST /slow/v1/chat/completions": replaySse(fixture("openai/text.sse"), { gapMs: 60 }),
  });

  const configWith = (routes: string) =>
    `providers:
  a: { type: openai, base_url: "${upstream.url}/a/v1", api_key: sk-a }
  b: { type: openai, base_url: "${upstream.url}/b/v1", api_key: sk-b }
  slow: { type: openai, base_url: "${upstream.url}/slow/v1", api_key: sk-slow }
routes:
${routes}`;
  const ask = (url: string, model: string) =>
    fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
    });
  const readyVersion = async (url: string) => ((await (await fetch(`${url}/readyz`)).json()) as { config: string }).config;
  const until = async (check: () => Promise<boolean>) => {
    for (const deadline = Date.now() + 5000; !(await check()); await new Promise((resolve) => setTimeout(resolve, 10))) {
      if (Date.now() > deadline) throw new Error("condition not met in time");
    }
  };
  const inFlightRequests = async (url: string) => {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    return Number(/^llm_proxy_in_flight_requests (\d+)/m.exec(metrics)?.[1] ?? 0);
  };
  const logLines = (text: string) => text.split("\n").flatMap((line) => (line.startsWith("{") ? [JSON.parse(line)] : []));

  it("serves a new route after SIGHUP while a stream in flight completes, and refuses a broken file", async () => {
    const file = tempConfig(configWith(`  - { match: "old-*", provider: a }\n  - { match: "slow-*", provider: slow }\n`));
    const proxy = await start(["--config", file, "--port", "0"]);
    const before = await readyVersion(proxy.url);
    expect((await ask(proxy.url, "new-model")).status).toBe(404);

    const inFlight = fetch(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "slow-model", stream: true, messages: [{ role: "user", content: "hi" }] }),
    }).then(async (response) => ({ status: response.status, text: await response.text() }));
    await eventually(() => upstream.requests.some((request) => request.url.startsWith("/slow/")));

    writeFileSync(file, configWith(`  - { match: "old-*", provider: a }\n  - { match: "new-*", provider: b }\n`));
    proxy.child.kill("SIGHUP");
    await eventually(() => logLines(proxy.stderr()).some((line) => line.msg === "config reloaded"), 5000);
    const after = await readyVersion(proxy.url);
    expect(after).not.toBe(before);

    const answered = await ask(proxy.url, "new-model");
    expect(answered.status).toBe(200);
    expect(answered.headers.get("x-llm-proxy-provider")).toBe("b");
    expect(((await answered.json()) as { id: string }).id).toBe("from-b");

    const stream = await inFlight;
    expect(stream.status).toBe(200);
    expect(sseData(stream.text)).toEqual(
      sseData(fixture("openai/text.sse")).filter((data) => data === "[DONE]" || JSON.parse(data).choices.length > 0),
    );

    writeFileSync(file, configWith(`  - { match: "new-*", provider: b, bogus: 1 }\n`));
    proxy.child.kill("SIGHUP");
    await eventually(() => logLines(proxy.stderr()).some((line) => line.msg === "config reload refused; the running config is kept"), 5000);
    const refused = logLines(proxy.stderr()).find((line) => line.msg === "config reload refused; the running config is kept");
    expect(refused.error).toContain("routes[0].bogus: unknown key");
    expect(await readyVersion(proxy.url)).toBe(after);
    expect((await ask(proxy.url, "new-model")).status).toBe(200);
    expect((await ask(proxy.url, "old-model")).status).toBe(200);
  });

  it("answers a request that arrived before the reload by the config it arrived under", async () => {
    const file = tempConfig(configWith(`  - { match: "*", provider: a }\n`));
    const proxy = await start(["--config", file, "--port", "0"]);
    const body = JSON.stringify({ model: "any-model", messages: [{ role: "user", content: "hi" }] });
    const { port } = new URL(proxy.url);
    let text = "";
    let status = 0;
    const req = httpRequest({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/v1/chat/completions",
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    const answered = new Promise<void>((resolve, reject) => {
      req.on("response", (res) => {
        status = res.statusCode!;
        res.on("data", (part) => (text += part));
        res.on("end", resolve);
      });
      req.on("error", reject);
    });
    // The headers are in (the proxy counts the request in flight); the body waits for the new config.
    req.write(body.slice(0, 10));
    await until(async () => (await inFlightRequests(proxy.url)) === 1);
    writeFileSync(file, configWith(`  - { match: "*", provider: b }\n`));
    proxy.child.kill("SIGHUP");
    await eventually(() => logLines(proxy.stderr()).some((line) => line.msg === "config reloaded"), 5000);
    req.end(body.slice(10));
    await answered;
    expect(status).toBe(200);
    expect(JSON.parse(text).id).toBe("from-a");
    expect(((await (await ask(proxy.url, "any-model")).json()) as { id: string }).id).toBe("from-b");
  });

  it("reloads on its own when the file changes under --watch", async () => {
    const file = tempConfig(configWith(`  - { match: "*", provider: a }\n`));
    const proxy = await start(["--config", file, "--port", "0", "--watch"]);
    const before = await readyVersion(proxy.url);
    writeFileSync(file, configWith(`  - { match: "*", provider: b }\n`));
    await eventually(() => logLines(proxy.stderr()).some((line) => line.msg === "config reloaded"), 5000);
    expect(await readyVersion(proxy.url)).not.toBe(before);
    expect(((await (await ask(proxy.url, "any-model")).json()) as { id: string }).id).toBe("from-b");
  });
});

/** A recorded completion with its id replaced, so a test can tell which upstream answered. */
function fixtureCompletion(id: string): string {
  return JSON.stringify({ ...JSON.parse(testData("openai-chat-completion.json")), id });
}
