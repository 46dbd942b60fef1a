import { request as httpRequest } from "node:http";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.js";
import { fixture } from "../helpers/files.js";
import { sseData } from "../helpers/sse.js";
import { fault, HIDEABLE_FAULTS, startChaosUpstream, type ChaosUpstream, type Fault } from "../helpers/chaos-upstream.js";
import { parseMetrics, total } from "../helpers/metrics.js";
import { expectChunk, expectCompletion, expectError, readSdkStream } from "../helpers/openai-schema.js";
import { startProxyProcess, type ProxyProcess } from "../helpers/proxy-process.js";

/**
 * Retries, fallbacks across providers, per-fallback policy, weighted targets and the deadline,
 * end to end: the built proxy process against fault-injecting upstreams that answer with the
 * providers' recordings.
 */

const KEYS = ["sk-chaos-primary-000001", "sk-chaos-backup-000002", "sk-ant-chaos-000003", "AIza-chaos-000004"];
let primary: ChaosUpstream;
let backup: ChaosUpstream;
let claude: ChaosUpstream;
let gemini: ChaosUpstream;
let proxy: ProxyProcess;

beforeAll(async () => {
  [primary, backup, claude, gemini] = await Promise.all([
    startChaosUpstream("openai"),
    startChaosUpstream("openai"),
    startChaosUpstream("anthropic"),
    startChaosUpstream("gemini"),
  ]);
  proxy = await startProxyProcess(`
upstream:
  timeouts: { first_byte_ms: 400, idle_ms: 400 }
retry: { max_retries: 2, backoff_ms: 10, max_backoff_ms: 40, max_retry_after_ms: 300 }
cooldown: { failures: 0 }
providers:
  primary: { type: openai, base_url: "${primary.url}/v1", api_key: ${KEYS[0]} }
  backup: { type: openai, base_url: "${backup.url}/v1", api_key: ${KEYS[1]} }
  claude: { type: anthropic, base_url: "${claude.url}", api_key: ${KEYS[2]} }
  gemini: { type: gemini, base_url: "${gemini.url}", api_key: ${KEYS[3]} }
routes:
  - { match: chat, provider: primary, model: gpt-4o, fallbacks: [backup/gpt-4o] }
  - { match: to-claude, provider: primary, model: gpt-4o, fallbacks: [claude-sonnet-4-5] }
  - { match: to-gemini, provider: primary, model: gpt-4o, fallbacks: [gemini/gemini-2.0-flash] }
  - { match: to-o3, provider: primary, model: gpt-4o, fallbacks: [backup/o3] }
  - { match: from-o3, provider: primary, model: o3, fallbacks: [backup/gpt-4o] }
  - { match: alone, provider: primary, model: gpt-4o }
  - { match: quick, provider: primary, model: gpt-4o, fallbacks: [backup/gpt-4o], retry: { max_retries: 0 } }
  - { match: patient, provider: primary, model: gpt-4o, fallbacks: [backup/gpt-4o], retry: { backoff_ms: 1500, max_backoff_ms: 1500 } }
  - { match: deadline, provider: primary, model: gpt-4o, fallbacks: [backup/gpt-4o], retry: { deadline_ms: 1500 } }
  - { match: hurried, provider: primary, model: gpt-4o, fallbacks: [backup/gpt-4o], retry: { deadline_ms: 250 } }
  - match: weighted
    targets:
      - { provider: primary, model: gpt-4o, weight: 3 }
      - { provider: backup, model: gpt-4o, weight: 1 }
      - { provider: claude, model: claude-sonnet-4-5, weight: 0 }
  - { match: resumable, provider: primary, model: gpt-4o, fallbacks: [claude-sonnet-4-5], retry: { resume_streams: true } }
  - { match: resumable-openai, provider: primary, model: gpt-4o, fallbacks: [backup/gpt-4o], retry: { resume_streams: true } }
  - { match: "claude-*", provider: claude }
`);
});

beforeEach(() => {
  for (const upstream of [primary, backup, claude, gemini]) upstream.script();
});

afterAll(async () => {
  await Promise.all([primary, backup, claude, gemini].map((upstream) => upstream?.close()));
  await proxy?.close();
});

const RECORDED_OPENAI_STREAM = fixture("openai/text.sse");

const messages = [{ role: "user" as const, content: "Hello" }];

/** Calls each upstream received while `run` ran. */
async function counting<T>(run: () => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> {
  const before = {
    primary: primary.requests.length,
    backup: backup.requests.length,
    claude: claude.requests.length,
    gemini: gemini.requests.length,
  };
  const result = await run();
  return {
    result,
    calls: {
      primary: primary.requests.length - before.primary,
      backup: backup.requests.length - before.backup,
      claude: claude.requests.length - before.claude,
      gemini: gemini.requests.length - before.gemini,
    },
  };
}

/** Sends a request and leaves (aborts it) after `ms`, once `beforeLeaving` has looked at the state. */
async function leaveAfter(ms: number, body: object, beforeLeaving: () => void = () => {}): Promise<void> {
  const controller = new AbortController();
  const sent = fetch(`${proxy.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: controller.signal,
  }).catch((error) => error);
  await new Promise((resolve) => setTimeout(resolve, ms));
  beforeLeaving();
  controller.abort();
  await sent;
}

/** A stream the client read whole: schema-valid chunks, [DONE] once at the end, no error. Returns its text. */
function expectWholeStream(text: string): string {
  const data = sseData(text);
  expect(data.at(-1)).toBe("[DONE]");
  expect(data.filter((payload) => payload === "[DONE]")).toHaveLength(1);
  const chunks = data.slice(0, -1).map((payload) => JSON.parse(payload));
  for (const chunk of chunks) {
    expect(chunk.error).toBeUndefined();
    expectChunk(chunk);
  }
  return chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? "").join("");
}

describe("retries", () => {
  it("retries a 503 on the same target and answers from it, counting the upstream calls", async () => {
    primary.script(fault.status(503), fault.status(503));
    const { result, calls } = await counting(() => proxy.post({ model: "chat", messages }));
    expect(result.status).toBe(200);
    expectCompletion(JSON.parse(result.text));
    expect(calls).toEqual({ primary: 3, backup: 0, claude: 0, gemini: 0 });
    expect(result.headers.get("x-llm-proxy-attempts")).toBe("3");
    expect(result.headers.get("x-llm-proxy-provider")).toBe("primary");
  });

  it("waits what retry-after-ms asks before trying again", async () => {
    primary.script(fault.status(429, { "retry-after-ms": "150" }));
    const started = performance.now();
    const { result, calls } = await counting(() => proxy.post({ model: "chat", messages }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(result.status).toBe(200);
    expect(calls.primary).toBe(2);
  });

  it("moves on to the next target at once when Retry-After asks for longer than max_retry_after_ms", async () => {
    primary.script(fault.status(429, { "retry-after": "20" }));
    const started = performance.now();
    const { result, calls } = await counting(() => proxy.post({ model: "chat", messages }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.status).toBe(200);
    expect(calls).toMatchObject({ primary: 1, backup: 1 });
    expect(result.headers.get("x-llm-proxy-provider")).toBe("backup");
  });

  it("takes Gemini's RetryInfo (48 s in the recorded 429) as its Retry-After: the next target at once", async () => {
    gemini.script(fault.status(429));
    primary.script(fault.status(500), fault.status(500), fault.status(500));
    const started = performance.now();
    const { result, calls } = await counting(() => proxy.post({ model: "to-gemini", messages }));
    expect(performance.now() - started).toBeLessThan(2000);
    // Every target failed: the client hears of the last failure, Gemini's 429 with its retry-after.
    expect(result.status).toBe(429);
    expect(result.headers.get("retry-after")).toBe("48");
    expect(calls).toMatchObject({ primary: 3, gemini: 1 });
  });

  it.each([401, 403, 404])("moves on from a %i without retrying that target", async (status) => {
    primary.script(
      fault.status(status, {}, JSON.stringify({ error: { message: "no", type: "invalid_request_error", param: null, code: null } })),
    );
    const { result, calls } = await counting(() => proxy.post({ model: "chat", messages }));
    expect(result.status).toBe(200);
    expect(calls).toMatchObject({ primary: 1, backup: 1 });
  });

  it("moves on at once from a 429 no wait ends: OpenAI's insufficient_quota, or x-should-retry: false", async () => {
    primary.script(fault.status(429, {}, fixture("errors/openai-insufficient-quota.json")));
    expect((await counting(() => proxy.post({ model: "chat", messages }))).calls).toMatchObject({ primary: 1, backup: 1 });
    primary.script(fault.status(503, { "x-should-retry": "false" }));
    expect((await counting(() => proxy.post({ model: "chat", messages }))).calls).toMatchObject({ primary: 1, backup: 1 });
  });

  it("gives any other 4xx back to the client unchanged, without retry or fallback", async () => {
    const body = JSON.stringify({
      error: { message: "Invalid 'messages[0].content'.", type: "invalid_request_error", param: "messages", code: null },
    });
    primary.script(fault.status(400, {}, body));
    const { result, calls } = await counting(() => proxy.post({ model: "chat", messages }));
    expect(result.status).toBe(400);
    expect(JSON.parse(result.text)).toEqual(JSON.parse(body));
    expect(calls).toMatchObject({ primary: 1, backup: 0 });
  });

  it("answers with the last target's failure, its status and provider, when every attempt failed", async () => {
    primary.script(fault.status(503), fault.status(503), fault.status(503));
    backup.script(fault.status(529), fault.status(529), fault.status(529));
    const { result, calls } = await counting(() => proxy.post({ model: "chat", messages }));
    expect(result.status).toBe(529);
    expectError(JSON.parse(result.text));
    expect(result.headers.get("x-llm-proxy-provider")).toBe("backup");
    expect(result.headers.get("x-llm-proxy-attempts")).toBe("6");
    expect(calls).toMatchObject({ primary: 3, backup: 3 });
  });

  it("makes at most max_retries + 1 calls per candidate, however the upstream fails", async () => {
    primary.script(...Array(10).fill(fault.reset));
    const { result, calls } = await counting(() => proxy.post({ model: "alone", messages }));
    expect(result.status).toBe(502);
    expect(calls.primary).toBe(3);
    primary.script(...Array(10).fill(fault.status(500)));
    expect((await counting(() => proxy.post({ model: "quick", messages }))).calls).toMatchObject({ primary: 1, backup: 1 });
  });
});

describe("streams", () => {
  it.each(HIDEABLE_FAULTS.map((chosen) => [describeFault(chosen), chosen] as const))(
    "hides %s before the first content: the client reads the fallback's stream, byte for byte",
    async (_name, chosen) => {
      primary.script(chosen, chosen, chosen);
      const { result, calls } = await counting(() => proxy.post({ model: "chat", messages, stream: true }));
      expect(result.status).toBe(200);
      expect(calls).toMatchObject({ primary: 3, backup: 1 });
      expectWholeStream(result.text);
      // The OpenAI-compatible fallback's stream reaches the client as its recorded bytes (the usage chunk held back).
      const recorded = sseData(RECORDED_OPENAI_STREAM).filter((payload) => payload === "[DONE]" || JSON.parse(payload).choices.length > 0);
      expect(sseData(result.text)).toEqual(recorded);
    },
  );

  it("retries a stream that failed before its first content on the same target, with no trace of it", async () => {
    primary.script(fault.cutBeforeContent, fault.malformedBeforeContent);
    const { result, calls } = await counting(() => proxy.post({ model: "chat", messages, stream: true }));
    expect(calls).toMatchObject({ primary: 3, backup: 0 });
    expect(expectWholeStream(result.text)).toBe(primary.text);
  });

  it("streams slow upstreams as they drip, without failing over", async () => {
    primary.script(fault.drip(40));
    const { result, calls } = await counting(() => proxy.post({ model: "chat", messages, stream: true }));
    expect(calls).toMatchObject({ primary: 1, backup: 0 });
    expect(expectWholeStream(result.text)).toBe(primary.text);
  });

  it("ends a stream cut after its first content with one error event: no [DONE], nothing repeated, no fallback", async () => {
    primary.script(fault.cutMidStream);
    const { result, calls } = await counting(() => proxy.post({ model: "chat", messages, stream: true }));
    expect(calls).toMatchObject({ primary: 1, backup: 0 });
    const data = sseData(result.text);
    expect(data).not.toContain("[DONE]");
    const error = JSON.parse(data.at(-1)!);
    expectError(error);
    expect(error.error.code).toBe("upstream_stream_error");
    const chunks = data.slice(0, -1).map((payload) => JSON.parse(payload));
    chunks.forEach(expectChunk);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? "").join("");
    expect(primary.text.startsWith(text)).toBe(true);
    expect(text.length).toBeGreaterThan(0);
  });

  it("ends a garbled stream after its first content with one error event", async () => {
    primary.script(fault.malformedMidStream);
    const { result } = await counting(() => proxy.post({ model: "chat", messages, stream: true }));
    const data = sseData(result.text);
    expect(data).not.toContain("[DONE]");
    expect(JSON.parse(data.at(-1)!).error.code).toBe("bad_upstream_response");
  });

  it("answers a stream whose every attempt failed before its first content with the HTTP error, never a 200", async () => {
    primary.script(fault.status(503), fault.cutBeforeContent, fault.cutBeforeContent);
    const { result, calls } = await counting(() => proxy.post({ model: "alone", messages, stream: true }));
    expect(calls.primary).toBe(3);
    expect(result.status).toBe(502);
    expect(result.headers.get("content-type")).toContain("application/json");
    expect(JSON.parse(result.text)).toEqual({
      error: { message: "The upstream connection failed mid-stream.", type: "upstream_error", param: null, code: "upstream_stream_error" },
    });
    // The openai SDK raises it as a typed error with the status, before any chunk.
    primary.script(fault.status(503), fault.status(503), fault.status(503));
    const failure = await proxy.client.chat.completions.create({ model: "alone", messages, stream: true }).catch((error) => error);
    expect(failure).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failure.status).toBe(503);
  });

  it("falls back from an OpenAI-compatible stream to Anthropic's, translated", async () => {
    primary.script(fault.status(529), fault.cutBeforeContent, fault.reset);
    const { result, calls } = await counting(async () => {
      const stream = await proxy.client.chat.completions.create({
        model: "to-claude",
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      return readSdkStream(stream);
    });
    expect(calls).toMatchObject({ primary: 3, claude: 1 });
    expect(result.text).toBe("Hello there!");
    expect(result.chunks[0]!.model).toBe("claude-opus-4-8");
    expect(result.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 6 });
    expect(claude.requests.at(-1)!.body).toMatchObject({ model: "claude-sonnet-4-5", stream: true });
  });

  it("falls back from an OpenAI-compatible stream to Gemini's, translated", async () => {
    primary.script(fault.stall, fault.malformedBeforeContent, fault.status(500));
    const { result, calls } = await counting(async () =>
      readSdkStream(await proxy.client.chat.completions.create({ model: "to-gemini", messages, stream: true })),
    );
    expect(calls).toMatchObject({ primary: 3, gemini: 1 });
    expect(result.text).toBe(gemini.text);
    expect(result.chunks[0]!.model).toBe("gemini-2.0-flash");
    expect(result.chunks.at(-1)!.choices[0]!.finish_reason).toBe("length");
    expect(gemini.requests.at(-1)!.path).toBe("/v1beta/models/gemini-2.0-flash:streamGenerateContent");
  });
});

/** A streamed request read with node:http, which sees HTTP trailers. */
function postReadingTrailers(body: object): Promise<{ status: number; text: string; trailers: Record<string, string | undefined> }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${proxy.url}/v1/chat/completions`);
    const req = httpRequest(url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (part: string) => (text += part));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, trailers: res.trailers }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

describe("resume_streams", () => {
  it("continues a stream cut after its first content on a fallback, from the text already sent, and says so", async () => {
    primary.script(fault.cutMidStream);
    const { result, calls } = await counting(() => postReadingTrailers({ model: "resumable", messages, stream: true }));
    expect(calls).toMatchObject({ primary: 1, claude: 1 });
    expect(result.status).toBe(200);
    const partial = expectWholeStream(result.text).slice(0, -"Hello there!".length);
    expect(partial.length).toBeGreaterThan(0);
    expect(primary.text.startsWith(partial)).toBe(true);
    expect(expectWholeStream(result.text)).toBe(`${partial}Hello there!`);
    // One role chunk: the continuation's own is left out.
    expect(sseData(result.text).filter((payload) => payload.includes('"role":"assistant"'))).toHaveLength(1);
    expect(result.text).toContain(
      ": llm-proxy resumed this stream on claude/claude-sonnet-4-5 after an upstream failure (upstream_stream_error)\n\n",
    );
    expect(result.trailers["x-llm-proxy-resumed"]).toBe("claude/claude-sonnet-4-5");
    // Anthropic continues the last assistant message (a prefill).
    const sent = claude.requests.at(-1)!.body;
    expect(sent.messages.at(-1)).toEqual({ role: "assistant", content: [{ type: "text", text: partial.trimEnd() }] });
  });

  it("asks an OpenAI-compatible fallback to carry on from the partial answer", async () => {
    primary.script(fault.malformedMidStream);
    const { result, calls } = await counting(async () =>
      readSdkStream(await proxy.client.chat.completions.create({ model: "resumable-openai", messages, stream: true })),
    );
    expect(calls).toMatchObject({ primary: 1, backup: 1 });
    expect(result.text.endsWith(backup.text)).toBe(true);
    const sent = backup.requests.at(-1)!.body.messages;
    expect(sent.slice(0, -2)).toEqual(messages);
    expect(sent.at(-2)).toMatchObject({ role: "assistant" });
    expect(primary.text.startsWith(sent.at(-2).content)).toBe(true);
    expect(sent.at(-1)).toMatchObject({ role: "user", content: expect.stringContaining("Continue it exactly where it stopped") });
  });

  it("ends the stream with its error event when no fallback can continue it", async () => {
    primary.script(fault.cutMidStream);
    claude.script(fault.status(529), fault.status(529), fault.status(529));
    const { result, calls } = await counting(() => proxy.post({ model: "resumable", messages, stream: true }));
    expect(calls).toMatchObject({ primary: 1, claude: 1 });
    const data = sseData(result.text);
    expect(data).not.toContain("[DONE]");
    expect(JSON.parse(data.at(-1)!).error.code).toBe("upstream_stream_error");
  });
});

describe("fallbacks", () => {
  it("prepares each fallback with its own model's policy: a gpt-4o request arrives at o3 as o3 takes it", async () => {
    primary.script(fault.status(503), fault.status(503), fault.status(503));
    const request = {
      model: "to-o3",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hello" },
      ],
      temperature: 0.2,
      max_tokens: 50,
    };
    const { result } = await counting(() => proxy.post(request));
    expect(result.status).toBe(200);
    expect(primary.requests.at(-1)!.body).toMatchObject({
      model: "gpt-4o",
      temperature: 0.2,
      max_tokens: 50,
      messages: [{ role: "system" }, { role: "user" }],
    });
    const sent = backup.requests.at(-1)!.body;
    expect(sent).toMatchObject({
      model: "o3",
      max_completion_tokens: 50,
      messages: [{ role: "developer", content: "Be brief." }, { role: "user" }],
    });
    expect(sent).not.toHaveProperty("temperature");
    expect(sent).not.toHaveProperty("max_tokens");
    expect(result.headers.get("x-llm-proxy-rewritten")).toContain("max_tokens");
  });

  it("drops reasoning_effort for a gpt-4o fallback of an o3 request", async () => {
    primary.script(fault.status(500), fault.status(500), fault.status(500));
    const { result } = await counting(() => proxy.post({ model: "from-o3", messages, reasoning_effort: "high" }));
    expect(result.status).toBe(200);
    expect(primary.requests.at(-1)!.body.reasoning_effort).toBe("high");
    expect(backup.requests.at(-1)!.body).not.toHaveProperty("reasoning_effort");
  });

  it("follows the request's own `models` after the route's fallbacks, and sends `models` to no upstream", async () => {
    primary.script(...Array(3).fill(fault.status(503)));
    backup.script(...Array(3).fill(fault.status(503)));
    const { result, calls } = await counting(() => proxy.post({ model: "chat", models: ["claude-sonnet-4-5"], messages }));
    expect(result.status).toBe(200);
    expect(calls).toMatchObject({ primary: 3, backup: 3, claude: 1 });
    expect(result.headers.get("x-llm-proxy-provider")).toBe("claude");
    expect(JSON.parse(result.text).model).toBe("claude-opus-4-8");
    for (const upstream of [primary, backup, claude]) expect(upstream.requests.at(-1)!.body).not.toHaveProperty("models");
  });

  it("takes the model from `models` when the request names none (OpenRouter's convention)", async () => {
    const { result, calls } = await counting(() => proxy.post({ models: ["claude-sonnet-4-5", "chat"], messages }));
    expect(result.status).toBe(200);
    expect(calls).toMatchObject({ primary: 0, claude: 1 });
  });

  it("answers a `models` entry that reaches nothing with a 404 naming the parameter, before any call", async () => {
    const { result, calls } = await counting(() => proxy.post({ model: "chat", models: ["no-such-model"], messages }));
    expect(result.status).toBe(404);
    expect(JSON.parse(result.text).error).toMatchObject({ code: "model_not_found", param: "models" });
    expect(calls).toMatchObject({ primary: 0, backup: 0 });
    const invalid = await proxy.post({ model: "chat", models: ["gpt-4o", 7], messages });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.text).error).toMatchObject({ code: "invalid_type", param: "models[1]" });
  });
});

describe("fallbacks and API keys", () => {
  const KEY = "sk-client-key-with-a-list-0123456789";
  let keyed: ProxyProcess;
  beforeAll(async () => {
    keyed = await startProxyProcess(`
retry: { max_retries: 0 }
cooldown: { failures: 0 }
auth:
  keys:
    - { name: listed, key: "${KEY}", models: [chat, "gemini/*"] }
providers:
  primary: { type: openai, base_url: "${primary.url}/v1", api_key: ${KEYS[0]} }
  backup: { type: openai, base_url: "${backup.url}/v1", api_key: ${KEYS[1]} }
  claude: { type: anthropic, base_url: "${claude.url}", api_key: ${KEYS[2]} }
  gemini: { type: gemini, base_url: "${gemini.url}", api_key: ${KEYS[3]} }
routes:
  - { match: chat, provider: primary, model: gpt-4o, fallbacks: [backup/gpt-4o, gemini/gemini-2.0-flash] }
  - { match: "claude-*", provider: claude }
`);
  });
  afterAll(async () => {
    await keyed?.close();
  });

  it("keeps fallbacks inside the key's model list: those it may not use are passed over", async () => {
    primary.script(fault.status(503));
    const auth = { authorization: `Bearer ${KEY}` };
    const { result, calls } = await counting(() => keyed.post({ model: "chat", models: ["claude-sonnet-4-5"], messages }, auth));
    expect(result.status).toBe(200);
    // backup/gpt-4o and claude-sonnet-4-5 are not on the key's list; gemini/* is.
    expect(calls).toMatchObject({ primary: 1, backup: 0, claude: 0, gemini: 1 });
    expect(result.headers.get("x-llm-proxy-provider")).toBe("gemini");
  });
});

describe("weighted targets", () => {
  it("splits traffic by weight, and sends nothing to a weight-0 standby while the others answer", async () => {
    const { calls } = await counting(async () => {
      for (let batch = 0; batch < 10; batch++) {
        await Promise.all(Array.from({ length: 20 }, () => proxy.post({ model: "weighted", messages })));
      }
    });
    expect(calls.primary! + calls.backup!).toBe(200);
    expect(calls.claude).toBe(0);
    // 3:1 over 200 draws: 150 expected, outside 120–180 with a probability below 1e-5.
    expect(calls.primary).toBeGreaterThan(120);
    expect(calls.primary).toBeLessThan(180);
  });

  it("tries the standby when the weighted targets fail", async () => {
    primary.script(...Array(3).fill(fault.status(503)));
    backup.script(...Array(3).fill(fault.status(503)));
    const { result, calls } = await counting(() => proxy.post({ model: "weighted", messages }));
    expect(result.status).toBe(200);
    expect(calls).toMatchObject({ primary: 3, backup: 3, claude: 1 });
  });
});

describe("the deadline and the client", () => {
  it("bounds a request's time across its attempts by deadline_ms", async () => {
    // The first stall ends with first_byte_ms (undici's timers keep it to within a second); the retry meets the deadline.
    primary.script(fault.stall, fault.stall, fault.stall);
    const started = performance.now();
    const { result, calls } = await counting(() => proxy.post({ model: "deadline", messages }));
    const elapsed = performance.now() - started;
    expect(result.status).toBe(504);
    expect(JSON.parse(result.text).error.code).toBe("deadline_exceeded");
    expect(elapsed).toBeGreaterThanOrEqual(1450);
    expect(elapsed).toBeLessThan(1800);
    expect(calls).toMatchObject({ primary: 2, backup: 0 });
    await eventually(() => primary.requests.at(-1)!.aborted);
  });

  it("holds even the first attempt to a deadline nearer than first_byte_ms", async () => {
    primary.script(fault.stall);
    const started = performance.now();
    const { result, calls } = await counting(() => proxy.post({ model: "hurried", messages }));
    expect(performance.now() - started).toBeLessThan(450);
    expect(result.status).toBe(504);
    expect(JSON.parse(result.text).error.code).toBe("deadline_exceeded");
    expect(calls).toMatchObject({ primary: 1, backup: 0 });
  });

  it("stops everything when the client leaves during a backoff: no further attempt", async () => {
    primary.script(fault.status(503));
    const before = primary.requests.length;
    await leaveAfter(300, { model: "patient", messages });
    // Past the 1.5 s backoff the request would have retried, had it not stopped.
    await new Promise((resolve) => setTimeout(resolve, 1800));
    expect(primary.requests.length - before).toBe(1);
  });

  it("aborts the upstream call when the client leaves during a retried attempt", async () => {
    primary.script(fault.status(503), fault.stall);
    const before = primary.requests.length;
    await leaveAfter(150, { model: "chat", messages }, () => expect(primary.requests.length - before).toBe(2));
    await eventually(() => primary.requests.at(-1)!.aborted);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(primary.requests.length - before).toBe(2);
  });
});

describe("metrics and logs", () => {
  it("counts every attempt by outcome and every fallback, and logs each failed attempt once, without keys", async () => {
    const before = parseMetrics(await proxy.metrics());
    const logsBefore = proxy.logs().length;
    primary.script(fault.status(503), fault.status(503), fault.status(503));
    const { result } = await counting(() => proxy.post({ model: "chat", messages }));
    expect(result.status).toBe(200);
    const after = parseMetrics(await proxy.metrics());
    const delta = (labels: Record<string, string>) =>
      total(after, "llm_proxy_upstream_attempts_total", labels) - total(before, "llm_proxy_upstream_attempts_total", labels);
    expect(delta({ provider: "primary", outcome: "retried" })).toBe(2);
    expect(delta({ provider: "primary", outcome: "failed_over" })).toBe(1);
    expect(delta({ provider: "backup", outcome: "success" })).toBe(1);
    const fallbacks = (samples: typeof after) =>
      total(samples, "llm_proxy_fallbacks_total", { from_provider: "primary", to_provider: "backup" });
    expect(fallbacks(after) - fallbacks(before)).toBe(1);

    const failed = proxy
      .logs()
      .slice(logsBefore)
      .filter((line) => line.msg === "upstream attempt failed");
    expect(failed).toHaveLength(3);
    expect(failed.map((line) => line.next)).toEqual(["retry", "retry", "next target"]);
    expect(failed[0]).toMatchObject({ level: "warn", provider: "primary", model: "gpt-4o", status: 503, code: "server_error" });
    const text = JSON.stringify(proxy.logs());
    for (const key of KEYS) expect(text).not.toContain(key);
  });
});

function describeFault(chosen: Fault): string {
  if (chosen.kind === "status") return `HTTP ${chosen.status}${chosen.headers?.["retry-after-ms"] ? " with retry-after-ms" : ""}`;
  return chosen.kind;
}
