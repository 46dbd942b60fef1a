import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../src/config/load.js";
import { ConfigError } from "../../src/config/validate.js";
import { adapterFor } from "../../src/providers/registry.js";
import { ModelResolver } from "../../src/routing/resolve-model.js";
import { buildSnapshot } from "../../src/snapshot.js";

const config = loadConfigText(
  `
providers:
  openai: { type: openai, base_url: "http://o/v1" }
  openrouter: { type: openai, base_url: "http://r/v1" }
  anthropic: { type: anthropic, base_url: "http://a" }
routes:
  - match: smart
    targets:
      - { provider: openai, model: gpt-4o, weight: 3 }
      - { provider: openrouter, model: openai/gpt-4o, weight: 1 }
    fallbacks: [claude-sonnet-4-5, openrouter/google/gemini-2.5-flash]
  - match: "gpt-*"
    targets: [{ provider: openai }, { provider: openrouter, weight: 2 }]
  - { match: "claude-*", provider: anthropic }
`,
  {},
  adapterFor,
);
const resolver = new ModelResolver(config);
const summary = (targets: ReturnType<ModelResolver["targets"]>) => targets.map((t) => [t.provider.name, t.upstreamModel, t.weight]);

describe("routes with several targets", () => {
  it("resolves a model to every target of its route, with weights, taking the requested name where a target names none", () => {
    expect(summary(resolver.targets("smart"))).toEqual([
      ["openai", "gpt-4o", 3],
      ["openrouter", "openai/gpt-4o", 1],
    ]);
    expect(summary(resolver.targets("gpt-4.1"))).toEqual([
      ["openai", "gpt-4.1", 1],
      ["openrouter", "gpt-4.1", 2],
    ]);
    expect(resolver.resolve("gpt-4.1").provider.name).toBe("openai");
  });

  it("resolves a route's fallbacks once, like request models: through routes and provider/model", () => {
    const route = resolver.targets("smart")[0]!.route!;
    expect(resolver.fallbacks(route).map(summary)).toEqual([
      [["anthropic", "claude-sonnet-4-5", 1]],
      [["openrouter", "google/gemini-2.5-flash", 1]],
    ]);
    expect(resolver.fallbacks(resolver.targets("claude-3")[0]!.route!)).toEqual([]);
  });

  it("refuses a config whose fallback reaches nothing, naming it", () => {
    const broken = loadConfigText(
      `
providers:
  openai: { type: openai, base_url: "http://o/v1" }
routes:
  - { match: smart, provider: openai, fallbacks: [gpt-4o, nothing-here] }
  - { match: "gpt-*", provider: openai }
`,
      {},
      adapterFor,
    );
    expect(() => buildSnapshot(broken)).toThrow(ConfigError);
    expect(() => buildSnapshot(broken)).toThrow('routes[0].fallbacks[1]: no provider or route serves "nothing-here"');
  });
});
