import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { expectCompletion } from "../helpers/openai-schema.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { useTestProxy } from "../helpers/proxy.js";
import { fixture, testData } from "../helpers/files.js";
import { respond } from "../helpers/mock-answers.js";

const SHIPPED = readFileSync(new URL("../../config.yaml", import.meta.url), "utf8");

describe("the shipped config.yaml through the proxy", () => {
  const env = {
    GROQ_API_KEY: "gsk-groq-key-0123456789",
    DEEPSEEK_API_KEY: "sk-deepseek-key-0123456789",
    OPENROUTER_API_KEY: "sk-or-key-0123456789",
    MISTRAL_API_KEY: "mistral-key-0123456789",
    DASHSCOPE_API_KEY: "sk-dashscope-key-0123456789",
  };

  const upstream = useMockUpstream();
  const proxy = useTestProxy(() => {
    // The shipped file as it is, every provider pointed at the mock under its own path.
    const tree = parse(SHIPPED);
    for (const [name, provider] of Object.entries(tree.providers as Record<string, { base_url: string }>)) {
      provider.base_url = `${upstream.url}/${name}`;
    }
    return stringify(tree);
  }, env);

  const messages = [{ role: "user" as const, content: "Hello!" }];

  it.each([
    ["groq/llama-3.3-70b-versatile", "/groq/chat/completions", "llama-3.3-70b-versatile", `Bearer ${env.GROQ_API_KEY}`],
    ["deepseek/deepseek-chat", "/deepseek/chat/completions", "deepseek-chat", `Bearer ${env.DEEPSEEK_API_KEY}`],
    ["deepseek-reasoner", "/deepseek/chat/completions", "deepseek-reasoner", `Bearer ${env.DEEPSEEK_API_KEY}`],
    [
      "openrouter/anthropic/claude-sonnet-4.5",
      "/openrouter/chat/completions",
      "anthropic/claude-sonnet-4.5",
      `Bearer ${env.OPENROUTER_API_KEY}`,
    ],
    ["lmstudio/qwen2.5-7b-instruct", "/lmstudio/chat/completions", "qwen2.5-7b-instruct", undefined],
  ])("serves %s as an OpenAI-compatible provider", async (model, path, upstreamModel, authorization) => {
    upstream.on(`POST ${path}`, respond(200, testData("openai-chat-completion.json")));
    const completion = await proxy.client.chat.completions.create({ model, messages });
    expectCompletion(completion);
    const sent = upstream.requests.at(-1)!;
    expect(sent.url).toBe(path);
    expect(sent.headers.authorization).toBe(authorization);
    expect(sent.json()).toEqual({ model: upstreamModel, messages });
    if (path.startsWith("/openrouter")) {
      expect(sent.headers["http-referer"]).toBe("https://github.com/llm-proxy/llm-proxy");
      expect(sent.headers["x-title"]).toBe("llm-proxy");
    }
  });

  it("serves the native providers under their routes", async () => {
    upstream.on("POST /mistral/chat/completions", respond(200, testData("mistral-tool-call-completion.json")));
    upstream.on("POST /qwen/chat/completions", respond(200, testData("dashscope-chat-completion.json")));
    upstream.on("POST /ollama/api/chat", respond(200, fixture("ollama/chat.json")));
    for (const [model, path] of [
      ["devstral-small-latest", "/mistral/chat/completions"],
      ["qwen-plus", "/qwen/chat/completions"],
      ["ollama/llama3.2", "/ollama/api/chat"],
    ] as const) {
      expectCompletion(await proxy.client.chat.completions.create({ model, messages }));
      expect(upstream.requests.at(-1)!.url).toBe(path);
    }
  });

  it("answers 401 naming the variable for ollama-cloud without a key", async () => {
    const raw = await proxy.post("/v1/chat/completions", { model: "ollama-cloud/gpt-oss:120b", messages });
    expect(raw.status).toBe(401);
    expect(raw.json().error.message).toContain("OLLAMA_API_KEY");
  });
});
