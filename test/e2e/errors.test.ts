import { request } from "node:http";
import { describe, expect, it } from "vitest";
import OpenAI from "openai";
import { expectError } from "../helpers/openai-schema.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { useTestProxy } from "../helpers/proxy.js";
import { freePort } from "../helpers/services.js";
import { fixture, testData } from "../helpers/files.js";
import { respond, stall } from "../helpers/mock-answers.js";

const UPSTREAM_KEY = "sk-upstream-secret-errors-9876543210";
const messages = [{ role: "user", content: "hi" }];

const upstream = useMockUpstream();
const proxy = useTestProxy(
  async () =>
    `
server:
  max_body_size: 4kb
providers:
  openai:
    type: openai
    base_url: ${upstream.url}/v1
    api_key: \${OPENAI_API_KEY}
  slow:
    type: openai
    base_url: ${upstream.url}/v1
    api_key: \${OPENAI_API_KEY}
    timeouts: { first_byte_ms: 300 }
  gone:
    type: openai
    base_url: http://127.0.0.1:${await freePort()}/v1
    api_key: \${OPENAI_API_KEY}
  keyless:
    type: openai
    base_url: ${upstream.url}/v1
    api_key: \${KEYLESS_API_KEY}
retry: { max_retries: 0 } # one upstream call per request: retries have their own tests (test/e2e/resilience*)
routes:
  - { match: "gpt-*", provider: openai }
`,
  { OPENAI_API_KEY: UPSTREAM_KEY },
);

async function expectOpenAIError(
  response: { status: number; json(): any },
  status: number,
  expected: { type?: string; param?: string | null; code?: string | null; message?: RegExp },
) {
  expect(response.status).toBe(status);
  const body = response.json();
  expectError(body);
  const { error } = body;
  if (expected.type !== undefined) expect(error.type).toBe(expected.type);
  if (expected.param !== undefined) expect(error.param).toBe(expected.param);
  if (expected.code !== undefined) expect(error.code).toBe(expected.code);
  if (expected.message) expect(error.message).toMatch(expected.message);
  return error;
}

describe("invalid requests", () => {
  it("answers invalid JSON with 400", async () => {
    await expectOpenAIError(await proxy.post("/v1/chat/completions", '{"model": "gpt-4o",'), 400, {
      type: "invalid_request_error",
      param: null,
      message: /could not parse the JSON body/,
    });
  });

  it("answers a body that is not an object with 400", async () => {
    await expectOpenAIError(await proxy.post("/v1/chat/completions", "[1,2]"), 400, { code: "invalid_type" });
  });

  it.each([
    [{ messages }, "model", "missing_required_parameter"],
    [{ model: "gpt-4o" }, "messages", "missing_required_parameter"],
    [{ model: 42, messages }, "model", "invalid_type"],
    [{ model: "gpt-4o", messages: "hi" }, "messages", "invalid_type"],
    [{ model: "gpt-4o", messages: [] }, "messages", "empty_array"],
    [{ model: "gpt-4o", messages: ["hi"] }, "messages[0]", "invalid_type"],
    [{ model: "gpt-4o", messages: [{ role: "wizard", content: "x" }] }, "messages[0].role", "invalid_value"],
    [{ model: "gpt-4o", messages: [{ role: "user", content: 7 }] }, "messages[0].content", "invalid_type"],
    [{ model: "gpt-4o", messages: [{ role: "user", content: [null] }] }, "messages[0].content[0]", "invalid_type"],
    [
      { model: "gpt-4o", messages: [{ role: "user", content: [{ text: "x" }] }] },
      "messages[0].content[0].type",
      "missing_required_parameter",
    ],
    [{ model: "gpt-4o", messages: [{ role: "assistant", content: "x", tool_calls: {} }] }, "messages[0].tool_calls", "invalid_type"],
    [
      { model: "gpt-4o", messages: [{ role: "assistant", content: "x", tool_calls: ["call"] }] },
      "messages[0].tool_calls[0]",
      "invalid_type",
    ],
    [{ model: "gpt-4o", messages, temperature: "hot" }, "temperature", "invalid_type"],
    [{ model: "gpt-4o", messages, max_tokens: 1.5 }, "max_tokens", "invalid_type"],
    [{ model: "gpt-4o", messages, stream: "yes" }, "stream", "invalid_type"],
    [{ model: "gpt-4o", messages, tools: {} }, "tools", "invalid_type"],
    [{ model: "gpt-4o", messages, n: 0 }, "n", "invalid_value"],
  ])("answers %j with 400 naming param %s", async (body, param, code) => {
    const before = upstream.requests.length;
    await expectOpenAIError(await proxy.post("/v1/chat/completions", body), 400, { type: "invalid_request_error", param, code });
    expect(upstream.requests.length).toBe(before);
  });

  it("answers an unknown model with 404 model_not_found", async () => {
    await expectOpenAIError(await proxy.post("/v1/chat/completions", { model: "llama-9000", messages }), 404, {
      code: "model_not_found",
      message: /llama-9000/,
    });
  });

  it("answers an unknown provider prefix with 404 model_not_found", async () => {
    await expectOpenAIError(await proxy.post("/v1/chat/completions", { model: "nosuch/gpt-4o", messages }), 404, {
      code: "model_not_found",
      message: /No provider named 'nosuch'/,
    });
  });

  it("answers a body over the limit with 413 (declared length)", async () => {
    const big = JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "x".repeat(5000) }] });
    await expectOpenAIError(await proxy.post("/v1/chat/completions", big), 413, { code: "request_too_large" });
  });

  it("answers a chunked body over the limit with 413", async () => {
    const response = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        `${proxy.url}/v1/chat/completions`,
        { method: "POST", headers: { "content-type": "application/json" } },
        (res) => {
          let text = "";
          res.on("data", (part) => (text += part));
          res.on("end", () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on("error", reject);
      req.write('{"model":"gpt-4o","messages":[{"role":"user","content":"');
      req.write("y".repeat(3000));
      req.write("y".repeat(3000));
      req.end('"}]}');
    });
    await expectOpenAIError({ status: response.status, json: () => JSON.parse(response.text) }, 413, { code: "request_too_large" });
  });

  it("answers unknown URLs in OpenAI's shape", async () => {
    await expectOpenAIError(await proxy.get("/v1/embeddingz"), 404, { code: "unknown_url" });
  });
});

describe("provider keys", () => {
  it("answers a provider whose key variable is unset with 401 naming the variable", async () => {
    const error = await expectOpenAIError(await proxy.post("/v1/chat/completions", { model: "keyless/gpt-4o", messages }), 401, {
      code: "missing_api_key",
      message: /KEYLESS_API_KEY/,
    });
    expect(error.message).toMatch(/keyless/);
  });

  it("surfaces as the SDK's AuthenticationError", async () => {
    await expect(
      proxy.client.chat.completions.create({ model: "keyless/gpt-4o", messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe("upstream errors", () => {
  it("keeps the upstream status and error body (404 model_not_found)", async () => {
    const body = fixture("errors/openai-model-not-found.json");
    upstream.on("POST /v1/chat/completions", respond(404, body));
    const response = await proxy.post("/v1/chat/completions", { model: "gpt-5.3-instant", messages });
    await expectOpenAIError(response, 404, { code: "model_not_found" });
    expect(response.json()).toEqual(JSON.parse(body));
  });

  it("normalises the recorded reasoning-model error, status and all", async () => {
    upstream.on("POST /v1/chat/completions", respond(400, fixture("errors/openai-reasoning-max-tokens.json")));
    const response = await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages, max_tokens: 5 });
    expect(response.json()).toEqual(JSON.parse(fixture("errors/openai-reasoning-max-tokens.json")));
    expect(response.status).toBe(400);
  });

  it("keeps a 429 and its retry-after header", async () => {
    upstream.on(
      "POST /v1/chat/completions",
      respond(
        429,
        JSON.stringify({ error: { message: "Rate limit reached", type: "requests", param: null, code: "rate_limit_exceeded" } }),
        "application/json",
        {
          "retry-after": "7",
        },
      ),
    );
    const response = await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages });
    await expectOpenAIError(response, 429, { code: "rate_limit_exceeded", type: "requests" });
    expect(response.headers.get("retry-after")).toBe("7");
  });

  it("wraps a non-JSON upstream error body in OpenAI's shape", async () => {
    upstream.on("POST /v1/chat/completions", respond(503, "<html>Service Unavailable</html>", "text/html"));
    await expectOpenAIError(await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages }), 503, {
      type: "server_error",
      message: /HTTP 503: <html>Service Unavailable<\/html>/,
    });
  });

  it("answers upstream garbage on a 200 with 502", async () => {
    upstream.on("POST /v1/chat/completions", respond(200, "<html>oops</html>", "text/html"));
    await expectOpenAIError(await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages }), 502, {
      code: "bad_upstream_response",
    });
  });

  it("never lets the upstream key reach the client, even when the upstream quotes it", async () => {
    upstream.on(
      "POST /v1/chat/completions",
      respond(
        401,
        JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${UPSTREAM_KEY}.`,
            type: "invalid_request_error",
            param: null,
            code: "invalid_api_key",
          },
        }),
      ),
    );
    const response = await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages });
    await expectOpenAIError(response, 401, { code: "invalid_api_key" });
    expect(JSON.stringify(response.json())).not.toContain(UPSTREAM_KEY);
    expect(response.json().error.message).toContain("[REDACTED]");
  });

  it("answers an unreachable upstream with 502", async () => {
    await expectOpenAIError(await proxy.post("/v1/chat/completions", { model: "gone/gpt-4o", messages }), 502, {
      code: "upstream_unreachable",
    });
  });

  it("answers an upstream that does not answer in time with 504", async () => {
    upstream.on("POST /v1/chat/completions", stall());
    const started = Date.now();
    await expectOpenAIError(await proxy.post("/v1/chat/completions", { model: "slow/gpt-4o", messages }), 504, {
      type: "timeout_error",
      code: "upstream_timeout",
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("surfaces upstream statuses as the SDK's typed errors", async () => {
    upstream.on("POST /v1/chat/completions", respond(404, fixture("errors/openai-model-not-found.json")));
    const error = await proxy.client.chat.completions
      .create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe("model_not_found");
  });
});

describe("after all of the above", () => {
  it("still serves, and no log line ever held the upstream key", async () => {
    upstream.on("POST /v1/chat/completions", respond(200, testData("openai-chat-completion.json")));
    const response = await proxy.post("/v1/chat/completions", { model: "gpt-4o", messages });
    expect(response.status).toBe(200);
    expect(proxy.logs.join("\n")).not.toContain(UPSTREAM_KEY);
    for (const line of proxy.logs) expect(line).not.toMatch(/\n\s+at /);
  });
});
