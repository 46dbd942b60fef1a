import { describe, expect, it } from "vitest";
import { loadConfig } from "../helpers/config.js";
import { thrown } from "../helpers/proxy-errors.js";
import { ModelResolver } from "../../src/routing/resolve-model.js";
import { globToRegExp } from "../../src/lib/glob.js";

const config = loadConfig(`
providers:
  openai: { type: openai, base_url: "http://o/v1" }
  groq: { type: openai, base_url: "http://g/v1" }
  lmstudio: { type: openai, base_url: "http://l/v1", models: [qwen2.5-7b-instruct, gpt-4o-local] }
  openrouter: { type: openai, base_url: "http://r/v1" }
routes:
  - { match: "gpt-4o-mini*", provider: groq }
  - { match: "gpt-*", provider: openai }
  - { match: "best", provider: openai, model: "gpt-4.1" }
  - { match: "o?-mini", provider: openai }
`);
const resolver = new ModelResolver(config);
const route = (model: string) => {
  const target = resolver.resolve(model);
  return [target.provider.name, target.upstreamModel];
};

describe("model routing", () => {
  it("takes the first matching route", () => {
    expect(route("gpt-4o-mini-2024-07-18")).toEqual(["groq", "gpt-4o-mini-2024-07-18"]);
    expect(route("gpt-4o")).toEqual(["openai", "gpt-4o"]);
    expect(route("o3-mini")).toEqual(["openai", "o3-mini"]);
  });

  it("addresses a configured provider directly with provider/model, before any route", () => {
    expect(route("groq/gpt-4o")).toEqual(["groq", "gpt-4o"]);
    expect(route("openrouter/anthropic/claude-sonnet-4.5")).toEqual(["openrouter", "anthropic/claude-sonnet-4.5"]);
  });

  it("sends a model a provider lists to that provider, before globs", () => {
    expect(route("qwen2.5-7b-instruct")).toEqual(["lmstudio", "qwen2.5-7b-instruct"]);
    expect(route("gpt-4o-local")).toEqual(["lmstudio", "gpt-4o-local"]);
  });

  it("renames the model when a route says so", () => {
    expect(route("best")).toEqual(["openai", "gpt-4.1"]);
  });

  it("answers 404 model_not_found for anything else", () => {
    for (const model of ["claude-3", "unknown/gpt-4o", "openai/", "o3-mini-high"]) {
      expect(thrown(() => resolver.resolve(model))).toMatchObject({ status: 404, code: "model_not_found" });
    }
  });

  it("escapes regex characters in globs", () => {
    expect(globToRegExp("gpt-4.1*").test("gpt-4x1")).toBe(false);
    expect(globToRegExp("gpt-4.1*").test("gpt-4.1-mini")).toBe(true);
    expect(globToRegExp("a+b").test("a+b")).toBe(true);
  });
});
