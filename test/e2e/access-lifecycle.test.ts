import { describe, expect, it } from "vitest";
import { chatAnswers, mockProviderConfig } from "../helpers/chat-answers.js";
import { eventually } from "../helpers/eventually.js";
import { replaySse } from "../helpers/mock-answers.js";
import { startMockUpstream } from "../helpers/mock-upstream.js";
import { startTestProxy } from "../helpers/proxy.js";
import { loadConfigText } from "../../src/config/load.js";
import { createLogger } from "../../src/log.js";
import { adapterFor } from "../../src/providers/registry.js";
import { startProxy } from "../../src/start.js";

const KEY = "sk-first-0123456789abcdefghijklmnopqr";
const LATER = "sk-later-0123456789abcdefghijklmnopqr";
const ask = (fields: object = {}) => ({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], ...fields });
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

/** A stream that sends its first content, then nothing for a long while (until the client leaves). */
const SLOW_STREAM = [
  { choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] },
  { choices: [{ index: 0, delta: { content: "Hel" }, finish_reason: null }] },
]
  .map((fields) => `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini", ...fields })}\n\n`)
  .join("");

describe("access across the proxy's life", () => {
  it("takes keys added by a reload at once, and keeps checking keys when a reload drops auth", async () => {
    const upstream = await startMockUpstream({ "POST /v1/chat/completions": chatAnswers({ prompt_tokens: 1, completion_tokens: 1 }) });
    const base = mockProviderConfig(upstream.url);
    const proxy = await startTestProxy(`${base}auth:\n  keys:\n    - { name: first, key: "${KEY}" }\n`);
    try {
      expect((await proxy.post("/v1/chat/completions", ask(), auth(LATER))).status).toBe(401);
      proxy.app.reload(
        loadConfigText(`${base}auth:\n  keys:\n    - { name: later, key: "${LATER}", models: ["gpt-4o"] }\n`, {}, adapterFor),
      );
      expect((await proxy.post("/v1/chat/completions", ask(), auth(LATER))).status).toBe(403);
      expect((await proxy.post("/v1/chat/completions", ask(), auth(KEY))).status).toBe(401);
      const { restartNeeded } = proxy.app.reload(loadConfigText(base, {}, adapterFor));
      expect(restartNeeded).toContain("auth (on or off)");
      expect((await proxy.post("/v1/chat/completions", ask())).status).toBe(401);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it("frees a key's in-flight slot when its client leaves a stream midway", async () => {
    const upstream = await startMockUpstream({ "POST /v1/chat/completions": replaySse(SLOW_STREAM, { hang: true }) });
    const proxy = await startTestProxy(
      `${mockProviderConfig(upstream.url)}auth:\n  keys:\n    - { name: first, key: "${KEY}", max_parallel: 1 }\n`,
    );
    try {
      const leaving = new AbortController();
      const response = await fetch(`${proxy.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...auth(KEY) },
        body: JSON.stringify(ask({ stream: true })),
        signal: leaving.signal,
      });
      expect(response.status).toBe(200);
      await response.body!.getReader().read();
      expect((await proxy.post("/v1/chat/completions", ask(), auth(KEY))).status).toBe(429);
      leaving.abort();
      await eventually(() => upstream.requests.at(-1)?.aborted === true);
      upstream.on("POST /v1/chat/completions", chatAnswers({ prompt_tokens: 1, completion_tokens: 1 }));
      // The slot is freed when the proxy has accounted the stream, a moment after the upstream call ended.
      let status = 0;
      for (const deadline = Date.now() + 3000; status !== 200 && Date.now() < deadline; ) {
        status = (await proxy.post("/v1/chat/completions", ask(), auth(KEY))).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(status).toBe(200);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it("asks for a key on /metrics too with auth.protect_metrics", async () => {
    const proxy = await startTestProxy(`auth:\n  master_key: "${KEY}"\n  protect_metrics: true\n`);
    try {
      expect((await proxy.get("/metrics")).status).toBe(401);
      expect((await proxy.get("/healthz")).status).toBe(200);
      const scraped = await fetch(`${proxy.url}/metrics`, { headers: auth(KEY) });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain("llm_proxy_key_requests_total");
    } finally {
      await proxy.close();
    }
  });

  it("warns at start when it is open and listens beyond loopback", async () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: (line) => lines.push(line) });
    const open = await startProxy({ config: loadConfigText("", {}, adapterFor), host: "127.0.0.2", port: 0, logger });
    await open.close();
    expect(lines.some((line) => line.includes("no auth is configured and the proxy listens beyond this machine"))).toBe(true);
    lines.length = 0;
    const keyed = await startProxy({
      config: loadConfigText(`auth:\n  master_key: "${KEY}"\n`, {}, adapterFor),
      host: "127.0.0.2",
      port: 0,
      logger,
    });
    await keyed.close();
    expect(lines.some((line) => line.includes("no auth is configured"))).toBe(false);
  });
});
