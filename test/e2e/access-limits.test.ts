import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { useChatProxy } from "../helpers/chat-answers.js";
import { scrape, total } from "../helpers/metrics.js";
import type { TestProxy } from "../helpers/proxy.js";

const KEY = "sk-limited-0123456789abcdefghijklmnop";
const OTHER = "sk-other-0123456789abcdefghijklmnopqr";

const ask = (fields: object = {}) => ({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], ...fields });
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

describe("requests per minute, per key", () => {
  const setup = useChatProxy(
    `
auth:
  keys:
    - { name: limited, key: "${KEY}", rpm: 3 }
    - { name: other, key: "${OTHER}" }
`,
    { prompt_tokens: 10, completion_tokens: 5 },
  );

  it("sends x-ratelimit headers on every answer, then refuses the fourth request in OpenAI's words", async () => {
    for (const remaining of ["2", "1", "0"]) {
      const response = await setup.proxy.post("/v1/chat/completions", ask(), auth(KEY));
      expect(response.status).toBe(200);
      expect(response.headers.get("x-ratelimit-limit-requests")).toBe("3");
      expect(response.headers.get("x-ratelimit-remaining-requests")).toBe(remaining);
      expect(response.headers.get("x-ratelimit-reset-requests")).toMatch(/^\d+m[\d.]+s$|^[\d.]+s$/);
    }
    const calls = setup.upstream.requests.length;
    const refused = await setup.proxy.post("/v1/chat/completions", ask(), auth(KEY));
    expect(refused.status).toBe(429);
    const { error } = refused.json();
    expect(error.message).toMatch(
      /^Rate limit reached for gpt-4o-mini in key 'limited' on requests per min \(RPM\): Limit 3, Used 3, Requested 1\. Please try again in (\d+m)?[\d.]+s\.$/,
    );
    expect(error).toMatchObject({ type: "requests", param: null, code: "rate_limit_exceeded" });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(setup.upstream.requests.length).toBe(calls);
  });

  it("raises RateLimitError in the openai SDK; other keys are not affected", async () => {
    const client = new OpenAI({ baseURL: `${setup.proxy.url}/v1`, apiKey: KEY, maxRetries: 0 });
    await expect(client.chat.completions.create(ask() as never)).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    const other = await setup.proxy.post("/v1/chat/completions", ask(), auth(OTHER));
    expect(other.status).toBe(200);
    // A key without limits of its own gets no rate-limit headers.
    expect(other.headers.get("x-ratelimit-limit-requests")).toBeNull();
  });
});

describe("tokens per minute", () => {
  const setup = useChatProxy(
    `
auth:
  keys:
    - { name: limited, key: "${KEY}", tpm: 100 }
`,
    { prompt_tokens: 10, completion_tokens: 5 },
  );

  it("reserves the prompt plus max_tokens, and settles to the real usage once answered", async () => {
    // Each reserves 5 + 80 tokens: the second fits only because the first settled to the 15 it used.
    for (let i = 0; i < 2; i++) {
      const response = await setup.proxy.post("/v1/chat/completions", ask({ max_tokens: 80 }), auth(KEY));
      expect(response.status, response.text).toBe(200);
      expect(response.headers.get("x-ratelimit-limit-tokens")).toBe("100");
    }
    const refused = await setup.proxy.post("/v1/chat/completions", ask({ max_tokens: 80 }), auth(KEY));
    expect(refused.status).toBe(429);
    expect(refused.json().error.message).toMatch(/on tokens per min \(TPM\): Limit 100, Used 30, Requested 85\./);
    expect(refused.json().error.type).toBe("tokens");
    expect(refused.headers.get("x-ratelimit-remaining-tokens")).toBe("70");
    // A stream settles when it ends: 30 + 15 used after it.
    const streamed = await setup.proxy.post("/v1/chat/completions", ask({ max_tokens: 5, stream: true }), auth(KEY));
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get("x-ratelimit-remaining-tokens")).toBe("60");
    const after = await setup.proxy.post("/v1/chat/completions", ask({ max_tokens: 5 }), auth(KEY));
    expect(after.headers.get("x-ratelimit-remaining-tokens")).toBe("45");
  });

  it("refuses a request larger than the whole limit for good, with x-should-retry: false", async () => {
    const calls = setup.upstream.requests.length;
    const response = await setup.proxy.post("/v1/chat/completions", ask({ max_tokens: 500 }), auth(KEY));
    expect(response.status).toBe(429);
    expect(response.headers.get("x-should-retry")).toBe("false");
    expect(response.json().error.message).toBe(
      "Request too large for gpt-4o-mini in key 'limited' on tokens per min (TPM): Limit 100, Requested 505. The input or output tokens must be reduced in order to run successfully.",
    );
    expect(setup.upstream.requests.length).toBe(calls);
  });
});

describe("limits for everyone together, and requests in flight", () => {
  const setup = useChatProxy(
    `
auth:
  keys:
    - { name: limited, key: "${KEY}", max_parallel: 1 }
    - { name: other, key: "${OTHER}" }
limits: { rpm: 4 }
`,
    { prompt_tokens: 10, completion_tokens: 5 },
    300,
  );

  it("refuses a second request in flight for a key limited to one", async () => {
    const [first, second] = await Promise.all([
      setup.proxy.post("/v1/chat/completions", ask(), auth(KEY)),
      new Promise((resolve) => setTimeout(resolve, 50)).then(() => setup.proxy.post("/v1/chat/completions", ask(), auth(KEY))),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.json().error.message).toBe(
      "Too many requests in flight for key 'limited': Limit 1, In flight 1. Please try again when one of them has finished.",
    );
    // Its slot is free again once it finished.
    expect((await setup.proxy.post("/v1/chat/completions", ask(), auth(KEY))).status).toBe(200);
  });

  it("counts every key's requests against limits.rpm, and says so", async () => {
    const before = await scrape(setup.proxy);
    let refused: Awaited<ReturnType<TestProxy["post"]>> | undefined;
    for (let i = 0; i < 4 && !refused; i++) {
      const response = await setup.proxy.post("/v1/chat/completions", ask(), auth(OTHER));
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(200);
    }
    expect(refused?.json().error.message).toMatch(
      /^Rate limit reached for gpt-4o-mini in this proxy \(all keys together\) on requests per min \(RPM\): Limit 4, Used 4, Requested 1\./,
    );
    const after = await scrape(setup.proxy);
    const refusals = (labels: Record<string, string>) =>
      total(after, "llm_proxy_key_refusals_total", labels) - total(before, "llm_proxy_key_refusals_total", labels);
    expect(refusals({ key: "other", reason: "rate_limited" })).toBe(1);
  });
});
