import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../src/config/load.js";
import { restartOnlyChanges } from "../../src/config/restart-only.js";
import { adapterFor } from "../../src/providers/registry.js";

const load = (yaml: string) => loadConfigText(yaml, {}, adapterFor);
const speaks = (yaml: string) => {
  const provider = load(yaml).providers.p!;
  return adapterFor(provider.type).responses?.speaks(provider);
};

describe("responses: and providers.<name>.options.responses", () => {
  it("defaults to OpenAI's 30 days, the memory store's bounds and a second's wait for the state store", () => {
    expect(load("").responses).toEqual({
      retention_seconds: 2_592_000,
      max_entries: 10_000,
      max_bytes: 256 * 1024 * 1024,
      store_timeout_ms: 1000,
    });
    expect(load("responses: { retention_seconds: 60, max_bytes: 1mb }").responses).toMatchObject({
      retention_seconds: 60,
      max_bytes: 1024 * 1024,
    });
  });

  it("refuses bad values and unknown keys with the path of the key", () => {
    expect(() => load("responses: { retention_seconds: 0 }")).toThrow(/^responses\.retention_seconds: /);
    expect(() => load("responses: { store_timeout_ms: 0.5 }")).toThrow(/^responses\.store_timeout_ms: /);
    expect(() => load("responses: { keep: forever }")).toThrow(/^responses\.keep: unknown key/);
    expect(() => load("providers:\n  p: { type: openai, base_url: 'http://x.test/v1', options: { responses: yes } }")).toThrow(
      /^providers\.p\.options\.responses: /,
    );
  });

  it("passes through to api.openai.com and to servers configured so; bridges the rest", () => {
    expect(speaks("providers:\n  p: { type: openai, base_url: 'https://api.openai.com/v1' }")).toBe(true);
    expect(speaks("providers:\n  p: { type: openai, base_url: 'https://api.openai.com/v1', options: { responses: false } }")).toBe(false);
    expect(speaks("providers:\n  p: { type: openai, base_url: 'https://api.groq.com/openai/v1' }")).toBe(false);
    expect(speaks("providers:\n  p: { type: openai, base_url: 'http://localhost:1234/v1', options: { responses: true } }")).toBe(true);
    expect(speaks("providers:\n  p: { type: anthropic }")).toBeUndefined();
  });

  it("applies a new retention on reload; the memory store's bounds need a restart", () => {
    const running = load("");
    expect(restartOnlyChanges(running, load("responses: { retention_seconds: 60 }"))).toEqual([]);
    expect(restartOnlyChanges(running, load("responses: { max_entries: 5 }"))).toEqual(["responses.max_entries"]);
  });
});
