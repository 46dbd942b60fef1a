import { describe, expect, it } from "vitest";
import { configError, loadConfig } from "../helpers/config.js";

const provider = (type: string, options: string) => `providers:\n  p:\n    type: ${type}\n    options: ${options}\n`;

describe("anthropic and gemini provider options", () => {
  it("default the base URL and every option", () => {
    const config = loadConfig("providers:\n  a: { type: anthropic }\n  g: { type: gemini }\n");
    expect(config.providers.a).toMatchObject({
      base_url: "https://api.anthropic.com",
      options: { anthropic_version: "2023-06-01", default_max_tokens: 32000 },
    });
    expect(config.providers.a!.options).toMatchObject({
      thinking_budgets: { minimal: 1024, low: 1024, medium: 4096, high: 16384, xhigh: 24576, max: 32000 },
    });
    expect(config.providers.g).toMatchObject({ base_url: "https://generativelanguage.googleapis.com" });
    expect(config.providers.g!.options).toMatchObject({
      thinking_budgets: { none: 0, minimal: 512, low: 1024, medium: 8192, high: 24576 },
    });
  });

  it("take a partial budget table, keeping the other defaults", () => {
    const options = loadConfig(provider("anthropic", "{ thinking_budgets: { high: 20000 } }")).providers.p!.options as {
      thinking_budgets: object;
    };
    expect(options.thinking_budgets).toMatchObject({ low: 1024, high: 20000 });
  });

  it.each([
    [provider("anthropic", "{ thinking_budgets: { low: 512 } }"), "providers.p.options.thinking_budgets.low", /at least 1024/],
    [
      provider("anthropic", "{ max_tokens_by_model: { 'claude-*': many } }"),
      "providers.p.options.max_tokens_by_model.claude-*",
      /must be a number/,
    ],
    [
      provider("anthropic", "{ thinking_mode_by_model: { 'claude-x*': sometimes } }"),
      "providers.p.options.thinking_mode_by_model.claude-x*",
      /adaptive, budget, none/,
    ],
    [provider("anthropic", "{ anthropic_versoin: x }"), "providers.p.options.anthropic_versoin", /unknown key/],
    [
      provider("anthropic", "{ efforts_by_model: { 'claude-*': [] } }"),
      "providers.p.options.efforts_by_model.claude-*",
      /at least one of low, medium, high, xhigh, max/,
    ],
    [
      provider("anthropic", "{ efforts_by_model: { 'claude-*': [minimal] } }"),
      "providers.p.options.efforts_by_model.claude-*[0]",
      /low, medium, high, xhigh, max/,
    ],
    [
      provider("anthropic", "{ sampling_by_model: { 'claude-*': temperature } }"),
      "providers.p.options.sampling_by_model.claude-*",
      /both, one, none/,
    ],
    [
      provider("anthropic", "{ max_output_tokens_by_model: { 'claude-*': 0 } }"),
      "providers.p.options.max_output_tokens_by_model.claude-*",
      /at least 1/,
    ],
    [provider("gemini", "{ thinking_levels: { '*': [] } }"), "providers.p.options.thinking_levels.*", /at least one/],
    [
      provider("gemini", "{ thinking_levels: { '*': [extreme] } }"),
      "providers.p.options.thinking_levels.*[0]",
      /minimal, low, medium, high/,
    ],
    [provider("gemini", "{ thinking_budgets: { high: -2 } }"), "providers.p.options.thinking_budgets.high", /at least -1/],
    [
      provider("gemini", "{ thinking_mode_by_model: { 'gemini-*': always } }"),
      "providers.p.options.thinking_mode_by_model.gemini-*",
      /level, budget, none/,
    ],
    [
      provider("gemini", "{ min_thinking_budget_by_model: { 'gemini-*': -1 } }"),
      "providers.p.options.min_thinking_budget_by_model.gemini-*",
      /at least 0/,
    ],
    [provider("gemini", "{ penalties_by_model: { 'gemini-*': yes } }"), "providers.p.options.penalties_by_model.gemini-*", /true or false/],
  ])("reject %j at %s", (yaml, path, message) => {
    const error = configError(yaml);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
  });
});
