import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fault, HIDEABLE_FAULTS, seededRandom, startChaosUpstream, type ChaosUpstream, type Fault } from "../helpers/chaos-upstream.js";
import { expectChunk, expectCompletion } from "../helpers/openai-schema.js";
import { sseData } from "../helpers/sse.js";
import { startProxyProcess, type ProxyProcess } from "../helpers/proxy-process.js";

/**
 * The README's figure: REQUESTS requests, half of them streamed, through a target that fails
 * FAILURE_RATE of the time in every way an upstream fails before its first content, with a
 * healthy fallback of another provider type. Cooldowns are off, so that the failing target keeps
 * all its traffic (with them it would soon see little). The goal: no client sees a broken answer.
 */
const REQUESTS = 400;
const FAILURE_RATE = 0.3;
const CONCURRENCY = 16;

let primary: ChaosUpstream;
let fallback: ChaosUpstream;
let proxy: ProxyProcess;

beforeAll(async () => {
  [primary, fallback] = await Promise.all([startChaosUpstream("openai"), startChaosUpstream("anthropic")]);
  proxy = await startProxyProcess(`
log_level: error
upstream:
  timeouts: { first_byte_ms: 300, idle_ms: 300 }
retry: { max_retries: 2, backoff_ms: 5, max_backoff_ms: 20, max_retry_after_ms: 100 }
cooldown: { failures: 0 } # the failing target keeps its traffic: every request meets its faults
providers:
  primary: { type: openai, base_url: "${primary.url}/v1", api_key: sk-chaos-figure-primary }
  fallback: { type: anthropic, base_url: "${fallback.url}", api_key: sk-ant-chaos-figure }
routes:
  - { match: chat, provider: primary, model: gpt-4o, fallbacks: [claude-sonnet-4-5] }
  - { match: chat-resumed, provider: primary, model: gpt-4o, fallbacks: [claude-sonnet-4-5], retry: { resume_streams: true } }
  - { match: "claude-*", provider: fallback }
`);
});

afterAll(async () => {
  await Promise.all([primary?.close(), fallback?.close()]);
  await proxy?.close();
});

interface Tally {
  requests: number;
  streamed: number;
  broken: number;
  /** Broken answers that were still honest: a stream ending with one error event and no [DONE]. */
  honest: number;
  faults: number;
  /** Streams continued on the fallback after a cut (resume_streams). */
  resumed: number;
}

/** Whether a client got a whole, correct answer: a 200, schema-valid, the recorded text, a stream ended by [DONE] alone. */
function judge(status: number, text: string, stream: boolean): "whole" | "honest" | "broken" {
  const expected = [primary.text, fallback.text];
  if (status !== 200) return "broken";
  if (!stream) {
    const completion = JSON.parse(text);
    expectCompletion(completion);
    const content = completion.choices[0].message.content;
    return typeof content === "string" && content.length > 0 ? "whole" : "broken";
  }
  const data = sseData(text);
  const chunks = data.filter((payload) => payload !== "[DONE]").map((payload) => JSON.parse(payload));
  const errors = chunks.filter((chunk) => chunk.error !== undefined);
  if (errors.length > 0) {
    const endsHonestly = errors.length === 1 && chunks.at(-1) === errors[0] && !data.includes("[DONE]");
    return endsHonestly ? "honest" : "broken";
  }
  if (data.at(-1) !== "[DONE]" || data.filter((payload) => payload === "[DONE]").length !== 1) return "broken";
  chunks.forEach(expectChunk);
  const received = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? "").join("");
  if (expected.includes(received)) return "whole";
  // A resumed stream: what the primary sent before its cut, then the fallback's continuation.
  const resumed = text.includes(": llm-proxy resumed") && received.endsWith(fallback.text);
  return resumed && primary.text.startsWith(received.slice(0, -fallback.text.length)) ? "whole" : "broken";
}

async function run(faults: readonly Fault[], seed: number, model = "chat"): Promise<Tally> {
  const before = primary.requests.length;
  primary.failAt(FAILURE_RATE, faults, seededRandom(seed));
  const tally: Tally = { requests: 0, streamed: 0, broken: 0, honest: 0, faults: 0, resumed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      const stream = next++ % 2 === 1;
      const answer = await proxy.post({ model, messages: [{ role: "user", content: "Hello" }], stream });
      const verdict = judge(answer.status, answer.text, stream);
      if (answer.text.includes(": llm-proxy resumed")) tally.resumed++;
      tally.requests++;
      if (stream) tally.streamed++;
      if (verdict === "honest") tally.honest++;
      if (verdict !== "whole") tally.broken++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  primary.failAt(0, [], Math.random);
  tally.faults = primary.requests.slice(before).filter((request) => request.fault.kind !== "ok").length;
  return tally;
}

describe("the chaos figure", () => {
  it(`hides every failure before the first content: ${REQUESTS} requests, half streamed, ${FAILURE_RATE * 100} % failing → none broken`, async () => {
    const tally = await run(HIDEABLE_FAULTS, 9);
    console.log(
      `chaos: ${tally.requests} requests (${tally.streamed} streamed), primary failing ${FAILURE_RATE * 100} % (${tally.faults} faults injected) → ${tally.broken} broken`,
    );
    expect(tally.requests).toBe(REQUESTS);
    expect(tally.faults).toBeGreaterThan(REQUESTS * FAILURE_RATE * 0.5);
    expect(tally.broken).toBe(0);
  }, 120_000);

  it("ends every stream cut after its first content honestly: one error event, no [DONE], never a clean end", async () => {
    const tally = await run([...HIDEABLE_FAULTS, fault.cutMidStream, fault.malformedMidStream], 11);
    console.log(
      `chaos with cuts after the first content: ${tally.requests} requests, ${tally.faults} faults → ${tally.broken} broken, all ${tally.honest} of them ended by one error event`,
    );
    expect(tally.honest).toBe(tally.broken);
    expect(tally.broken).toBeGreaterThan(0);
  }, 120_000);

  it("with resume_streams, continues those streams on the fallback: none broken", async () => {
    const tally = await run([...HIDEABLE_FAULTS, fault.cutMidStream, fault.malformedMidStream], 11, "chat-resumed");
    console.log(
      `chaos with cuts, resume_streams on: ${tally.requests} requests, ${tally.faults} faults → ${tally.broken} broken, ${tally.resumed} resumed`,
    );
    expect(tally.resumed).toBeGreaterThan(0);
    expect(tally.broken).toBe(0);
  }, 120_000);
});
