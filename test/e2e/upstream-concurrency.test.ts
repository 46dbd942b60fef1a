import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.js";
import { scrape, total } from "../helpers/metrics.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { startProxyForTest } from "../helpers/proxy.js";
import { sseData, toSse } from "../helpers/sse.js";

/**
 * Long streams must not queue behind one another on the way upstream: with the default config,
 * hundreds of streams are in flight upstream at once, each on a connection of its own, and the
 * gauges show it. A bound, when configured, shows up as requests waiting.
 */

const chunk = (delta: object, finish: string | null = null) =>
  JSON.stringify({
    id: "chatcmpl-c",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });

/** Streams that send their first token, then hold until the test releases them. */
const held: ServerResponse[] = [];
const upstream = useMockUpstream({
  "POST /v1/chat/completions": (_request, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(toSse([chunk({ role: "assistant", content: "one" })]));
    held.push(res);
  },
});
const release = () => {
  for (const res of held.splice(0)) res.end(toSse([chunk({}, "stop"), "[DONE]"]));
};

const config = (extra = "") => `
${extra}
providers:
  mock: { type: openai, base_url: "${upstream.url}/v1", api_key: sk-test }
routes:
  - { match: "*", provider: mock }
`;

const STREAMS = 200;

describe("upstream concurrency", () => {
  it("has every stream in flight upstream at once, by default, and counts them in the gauges", async () => {
    const proxy = await startProxyForTest(config());
    const origin = new URL(upstream.url).host;
    const answers = Array.from({ length: STREAMS }, () =>
      proxy.post("/v1/chat/completions", { model: "m", stream: true, messages: [{ role: "user", content: "hi" }] }),
    );
    await eventually(() => held.length === STREAMS, 10_000);
    const during = await scrape(proxy);
    expect(total(during, "llm_proxy_upstream_streams", { origin })).toBe(STREAMS);
    expect(total(during, "llm_proxy_upstream_connections", { origin })).toBe(STREAMS);
    expect(total(during, "llm_proxy_upstream_waiting_requests", { origin })).toBe(0);
    release();
    for (const answer of await Promise.all(answers)) {
      expect(answer.status).toBe(200);
      expect(sseData(answer.text).at(-1)).toBe("[DONE]");
    }
    await eventually(() => held.length === 0);
    const after = await scrape(proxy);
    expect(total(after, "llm_proxy_upstream_streams", { origin })).toBe(0);
  });

  it("queues past upstream.max_connections_per_origin, and says how many wait", async () => {
    const proxy = await startProxyForTest(config("upstream: { max_connections_per_origin: 4 }"));
    const origin = new URL(upstream.url).host;
    const answers = Array.from({ length: 6 }, () =>
      proxy.post("/v1/chat/completions", { model: "m", stream: true, messages: [{ role: "user", content: "hi" }] }),
    );
    await eventually(() => held.length === 4);
    const samples = await scrape(proxy);
    expect(total(samples, "llm_proxy_upstream_connections", { origin })).toBe(4);
    expect(total(samples, "llm_proxy_upstream_waiting_requests", { origin })).toBe(2);
    release();
    await eventually(() => held.length === 2);
    release();
    expect((await Promise.all(answers)).map((answer) => answer.status)).toEqual(Array(6).fill(200));
  });
});
