import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../helpers/config.js";
import { ModelResolver } from "../../src/routing/resolve-model.js";

const SHIPPED = readFileSync(new URL("../../config.yaml", import.meta.url), "utf8");

describe("the shipped config.yaml", () => {
  const config = loadConfig(SHIPPED);
  const resolver = new ModelResolver(config);
  const route = (model: string) => {
    const target = resolver.resolve(model);
    return [target.provider.name, target.upstreamModel];
  };

  it("declares the native providers, starting with no keys set", () => {
    expect(config.providers.mistral).toMatchObject({
      type: "mistral",
      base_url: "https://api.mistral.ai/v1",
      api_key_env: "MISTRAL_API_KEY",
    });
    expect(config.providers.qwen).toMatchObject({
      type: "qwen",
      base_url: "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
      api_key_env: "DASHSCOPE_API_KEY",
    });
    expect(config.providers.ollama).toMatchObject({
      type: "ollama",
      base_url: "http://localhost:11434",
      api_key: undefined,
      api_key_env: undefined,
    });
    expect(config.providers["ollama-cloud"]).toMatchObject({
      type: "ollama",
      base_url: "https://ollama.com",
      api_key_env: "OLLAMA_API_KEY",
    });
    expect(loadConfig(SHIPPED, { OLLAMA_BASE_URL: "http://gpu-box:11434" }).providers.ollama!.base_url).toBe("http://gpu-box:11434");
  });

  it.each([
    ["mistral-large-latest", "mistral"],
    ["codestral-2508", "mistral"],
    ["ministral-8b-latest", "mistral"],
    ["magistral-medium-latest", "mistral"],
    ["pixtral-large-latest", "mistral"],
    ["devstral-medium-2507", "mistral"],
    ["open-mistral-nemo", "mistral"],
    ["qwen-plus", "qwen"],
    ["qwen3-max", "qwen"],
    ["qwq-plus", "qwen"],
  ])("routes %s to %s", (model, provider) => {
    expect(route(model)).toEqual([provider, model]);
  });

  it.each([
    ["ollama/llama3.2", "ollama", "llama3.2"],
    ["ollama/qwen3:8b", "ollama", "qwen3:8b"],
    ["ollama-cloud/gpt-oss:120b", "ollama-cloud", "gpt-oss:120b"],
    ["groq/llama-3.3-70b-versatile", "groq", "llama-3.3-70b-versatile"],
    ["deepseek/deepseek-reasoner", "deepseek", "deepseek-reasoner"],
    ["openrouter/anthropic/claude-sonnet-4.5", "openrouter", "anthropic/claude-sonnet-4.5"],
    ["lmstudio/qwen2.5-7b-instruct", "lmstudio", "qwen2.5-7b-instruct"],
    ["mistral/mistral-small-latest", "mistral", "mistral-small-latest"],
    ["qwen/qwen-turbo", "qwen", "qwen-turbo"],
  ])("routes %s to %s as %s", (model, provider, upstreamModel) => {
    expect(route(model)).toEqual([provider, upstreamModel]);
  });
});
