import { describe, expect, it } from "vitest";
import OpenAI from "openai";
import { expectChunk, expectCompletion, expectError, expectModelList } from "../helpers/openai-schema.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";
import { fixture, testData } from "../helpers/files.js";
import { sseData, toSse } from "../helpers/sse.js";
import { replaySse, respond } from "../helpers/mock-answers.js";

const THINKING_SSE = testData("dashscope-thinking.sse");
const messages = [{ role: "user" as const, content: "Which is larger, 9.9 or 9.11?" }];

describe("Qwen through the proxy", () => {
  const KEY = "sk-dashscope-secret-0123456789";

  const { upstream, proxy } = useProxyAgainstMock(
    (url) =>
      `
providers:
  qwen:
    type: qwen
    base_url: ${url}/compatible-mode/v1
    api_key: \${DASHSCOPE_API_KEY}
retry: { max_retries: 0 } # one upstream call per request: retries have their own tests (test/e2e/resilience*)
routes:
  - { match: "qwen*", provider: qwen }
  - { match: "qwq-*", provider: qwen }
`,
    { DASHSCOPE_API_KEY: KEY },
  );

  it("streams reasoning_content beside content, chunk for chunk", async () => {
    upstream.on("POST /compatible-mode/v1/chat/completions", replaySse(THINKING_SSE));
    const stream = await proxy.client.chat.completions.create({
      model: "qwen-plus",
      messages,
      stream: true,
      stream_options: { include_usage: true },
      reasoning_effort: "medium",
    });
    let reasoning = "";
    let content = "";
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      expectChunk(chunk);
      const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string | null } | undefined;
      reasoning += delta?.reasoning_content ?? "";
      content += delta?.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(reasoning).toBe("The user compares 9.9 and 9.11.");
    expect(content).toBe("9.9 is larger.");
    expect(usage).toEqual({
      prompt_tokens: 22,
      completion_tokens: 14,
      total_tokens: 36,
      completion_tokens_details: { reasoning_tokens: 9 },
    });
    const sent = upstream.requests.at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.json()).toEqual({
      model: "qwen-plus",
      messages,
      stream: true,
      stream_options: { include_usage: true },
      enable_thinking: true,
      thinking_budget: 8192,
    });

    // DashScope's `"system_fingerprint": null` is not OpenAI's (a string or absent): mended, all else kept.
    const raw = await proxy.post("/v1/chat/completions", {
      model: "qwen-plus",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const mended = sseData(THINKING_SSE).map((data) => {
      if (data === "[DONE]") return data;
      const { system_fingerprint, ...rest } = JSON.parse(data);
      expect(system_fingerprint).toBeNull();
      return rest;
    });
    expect(sseData(raw.text).map((data) => (data === "[DONE]" ? data : JSON.parse(data)))).toEqual(mended);
  });

  it("answers a JSON request that asks for thinking from an upstream stream, reasoning included", async () => {
    upstream.on("POST /compatible-mode/v1/chat/completions", replaySse(THINKING_SSE));
    const raw = await proxy.post("/v1/chat/completions", { model: "qwen-plus", messages, reasoning_effort: "high" });
    expect(raw.status).toBe(200);
    expect(raw.headers.get("content-type")).toBe("application/json");
    const completion = raw.json();
    expectCompletion(completion);
    expect(completion).toEqual({
      id: "chatcmpl-6c2000e7-b744-9e61-bd03-fc4333d0e5d1",
      object: "chat.completion",
      created: 1741185359,
      model: "qwen-plus",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "9.9 is larger.", refusal: null, reasoning_content: "The user compares 9.9 and 9.11." },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 22, completion_tokens: 14, total_tokens: 36, completion_tokens_details: { reasoning_tokens: 9 } },
    });
    expect(upstream.requests.at(-1)!.json()).toMatchObject({ stream: true, enable_thinking: true, thinking_budget: 24576 });
    const viaSdk = await proxy.client.chat.completions.create({ model: "qwq-plus", messages });
    expectCompletion(viaSdk);
    expect(viaSdk.choices[0]!.message.content).toBe("9.9 is larger.");
  });

  it("relays a JSON answer, mended where DashScope strays from OpenAI's schema", async () => {
    const body = testData("dashscope-chat-completion.json");
    upstream.on("POST /compatible-mode/v1/chat/completions", respond(200, body));
    const raw = await proxy.post("/v1/chat/completions", { model: "qwen-plus", messages: [{ role: "user", content: "Who are you?" }] });
    expectCompletion(raw.json());
    const { system_fingerprint, ...expected } = JSON.parse(body);
    expect(system_fingerprint).toBeNull();
    expected.choices[0].message.refusal = null;
    expect(raw.json()).toEqual(expected);
    expect(upstream.requests.at(-1)!.json()).toEqual({ model: "qwen-plus", messages: [{ role: "user", content: "Who are you?" }] });

    // An answer that needs no mending leaves as its own bytes.
    const conforming = JSON.stringify({ ...expected, system_fingerprint: "fp_1" });
    upstream.on("POST /compatible-mode/v1/chat/completions", respond(200, conforming));
    expect((await proxy.post("/v1/chat/completions", { model: "qwen-plus", messages })).text).toBe(conforming);
  });

  it("answers a plain JSON request to an open-source Qwen3 model, which DashScope would refuse without enable_thinking: false", async () => {
    // DashScope's rule for models that think by default: a non-streaming call must turn thinking off.
    upstream.on("POST /compatible-mode/v1/chat/completions", (request, res) => {
      const body = request.json();
      const refused = body.stream !== true && body.enable_thinking !== false;
      res.writeHead(refused ? 400 : 200, { "content-type": "application/json" });
      res.end(
        refused
          ? fixture("errors/qwen-enable-thinking-non-stream.json")
          : testData("dashscope-chat-completion.json").replace('"qwen-plus"', '"qwen3-32b"'),
      );
    });
    const completion = await proxy.client.chat.completions.create({ model: "qwen3-32b", messages });
    expectCompletion(completion);
    expect(completion.choices[0]!.message.content).toBe("I am Qwen, a large language model created by Alibaba Cloud.");
    expect(upstream.requests.at(-1)!.json()).toEqual({ model: "qwen3-32b", messages, enable_thinking: false });
  });

  it("answers reasoning_effort none on an always-thinking model instead of passing on DashScope's refusal", async () => {
    // As DashScope answers enable_thinking: false for thinking-only models (quoted in lobehub#8613).
    const refusal = JSON.stringify({
      error: {
        code: "invalid_parameter_error",
        type: "invalid_request_error",
        message: "<400> InternalError.Algo.InvalidParameter: The value of the enable_thinking parameter is restricted to True.",
      },
    });
    const answer = replaySse(THINKING_SSE);
    upstream.on("POST /compatible-mode/v1/chat/completions", (request, res) => {
      if (request.json().enable_thinking !== false) return answer(request, res);
      res.writeHead(400, { "content-type": "application/json" });
      res.end(refusal);
    });
    const completion = await proxy.client.chat.completions.create({ model: "qwq-plus", messages, reasoning_effort: "none" });
    expectCompletion(completion);
    expect(completion.choices[0]!.message.content).toBe("9.9 is larger.");
    expect(upstream.requests.at(-1)!.json().enable_thinking).toBeUndefined();
  });

  it("answers a garbled choice list with a 502, in JSON and in streams, never a crash", async () => {
    const identity = { id: "chatcmpl-1", object: "chat.completion", created: 1, model: "qwen-plus" };
    upstream.on("POST /compatible-mode/v1/chat/completions", respond(200, JSON.stringify({ ...identity, choices: [null] })));
    const raw = await proxy.post("/v1/chat/completions", { model: "qwen-plus", messages });
    expect(raw.status).toBe(502);
    expectError(raw.json());
    expect(raw.json().error).toMatchObject({ type: "upstream_error", code: "bad_upstream_response" });

    const events = sseData(THINKING_SSE);
    const garbled = toSse([events[0]!, events[1]!, JSON.stringify({ ...identity, object: "chat.completion.chunk", choices: [null] })]);
    upstream.on("POST /compatible-mode/v1/chat/completions", replaySse(garbled));
    const streamed = await proxy.post("/v1/chat/completions", { model: "qwen-plus", messages, stream: true });
    const data = sseData(streamed.text);
    expect(data).toHaveLength(3);
    expectError(JSON.parse(data[2]!));
    expect(JSON.parse(data[2]!).error).toMatchObject({ type: "upstream_error", code: "bad_upstream_response" });
  });

  it("passes DashScope's errors on in OpenAI's shape", async () => {
    upstream.on("POST /compatible-mode/v1/chat/completions", respond(400, fixture("errors/qwen-enable-thinking-non-stream.json")));
    const raw = await proxy.post("/v1/chat/completions", { model: "qwen3-32b", messages, enable_thinking: false });
    expect(raw.status).toBe(400);
    expectError(raw.json());
    expect(raw.json()).toEqual({
      error: {
        message: "parameter.enable_thinking must be set to false for non-streaming calls",
        type: "invalid_request_error",
        param: null,
        code: "invalid_parameter_error",
      },
    });
    const failure = await proxy.client.chat.completions.create({ model: "qwen3-32b", messages }).catch((e) => e);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("fails a stream whose upstream sends an error event, with one error event", async () => {
    const events = sseData(THINKING_SSE);
    const broken = toSse([events[0]!, events[1]!, fixture("errors/qwen-enable-thinking-non-stream.json").trim()]);
    upstream.on("POST /compatible-mode/v1/chat/completions", replaySse(broken));
    const raw = await proxy.post("/v1/chat/completions", { model: "qwen-plus", messages, stream: true });
    const data = sseData(raw.text);
    expect(data).toHaveLength(3);
    const { system_fingerprint: _, ...first } = JSON.parse(events[0]!);
    expect(JSON.parse(data[0]!)).toEqual(first);
    expectError(JSON.parse(data[2]!));
    expect(JSON.parse(data[2]!).error.code).toBe("invalid_parameter_error");
  });

  it("lists DashScope's models", async () => {
    const list = { object: "list", data: [{ id: "qwen-plus", object: "model", created: 1735120033, owned_by: "system" }] };
    upstream.on("GET /compatible-mode/v1/models", respond(200, JSON.stringify(list)));
    const raw = await proxy.get("/v1/models");
    expectModelList(raw.json());
    expect(raw.json().data).toEqual([{ id: "qwen-plus", object: "model", created: 1735120033, owned_by: "system" }]);
  });
});
