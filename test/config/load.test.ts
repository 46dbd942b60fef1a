import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/validate.js";
import { configError, loadConfig } from "../helpers/config.js";
import { DEFAULT_TIMEOUTS } from "../../src/config/schema.js";

describe("validation", () => {
  it("fills defaults for an empty file", () => {
    const config = loadConfig("");
    expect(config.server.max_body_size).toBe(20 * 1024 * 1024);
    expect(config.upstream.timeouts).toEqual(DEFAULT_TIMEOUTS);
    expect(config.providers).toEqual({});
    expect(config.routes).toEqual([]);
  });

  it("keeps a provider whose key variable is unset, remembering the variable", () => {
    const config = loadConfig("providers:\n  openai:\n    type: openai\n    api_key: ${OPENAI_API_KEY}\n");
    expect(config.providers.openai).toMatchObject({
      api_key: undefined,
      api_key_env: "OPENAI_API_KEY",
      base_url: "https://api.openai.com/v1",
    });
  });

  it("merges per-provider timeouts over the global ones", () => {
    const config = loadConfig(
      "upstream:\n  timeouts: { connect_ms: 1000 }\nproviders:\n  p:\n    type: openai\n    base_url: http://h/v1\n    timeouts: { idle_ms: 5 }\n",
    );
    expect(config.providers.p!.timeouts).toEqual({ connect_ms: 1000, first_byte_ms: DEFAULT_TIMEOUTS.first_byte_ms, idle_ms: 5 });
  });

  it("parses sizes with units", () => {
    expect(loadConfig("server: { max_body_size: 512kb }").server.max_body_size).toBe(512 * 1024);
    expect(loadConfig("server: { max_body_size: 1000 }").server.max_body_size).toBe(1000);
  });

  it.each([
    ["bogus: 1", "bogus", /unknown key/],
    ["providers:\n  p:\n    type: openai\n    base_url: http://h\n    bse_url: x", "providers.p.bse_url", /unknown key/],
    ["providers:\n  p:\n    type: nonsense", "providers.p.type", /must be one of/],
    ["providers:\n  p:\n    type: openai\n    base_url: ftp://h", "providers.p.base_url", /http\(s\) URL/],
    ["providers:\n  p:\n    type: openai\n    base_url: ${BASE}", "providers.p.base_url", /BASE is not set/],
    ["providers:\n  p:\n    type: openai\n    headers: { X-A: 1 }", "providers.p.headers.X-A", /must be a string/],
    ["providers:\n  p:\n    type: openai\n    options: { stream_usage: maybe }", "providers.p.options.stream_usage", /true or false/],
    ["routes:\n  - { match: 'x*', provider: missing }", "routes[0].provider", /no configured provider/],
    ["routes:\n  - { provider: p }\nproviders:\n  p: { type: openai }", "routes[0].match", /is required/],
    ["upstream:\n  timeouts: { connect_ms: -1 }", "upstream.timeouts.connect_ms", /at least 1/],
    ["server: { max_body_size: lots }", "server.max_body_size", /size such as 20mb/],
    ["providers: [1]", "providers", /mapping/],
    ["routes: {}", "routes", /must be a list/],
    ["a: [", "", /not valid YAML/],
  ])("rejects %j at %s", (yaml, path, message) => {
    const error = configError(yaml);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
  });

  it("ships a config.yaml that loads with no keys set", async () => {
    const { readFileSync } = await import("node:fs");
    const config = loadConfig(readFileSync(new URL("../../config.yaml", import.meta.url), "utf8"));
    expect(Object.keys(config.providers).length).toBeGreaterThan(0);
    expect(config.providers.openai!.api_key_env).toBe("OPENAI_API_KEY");
    expect(config.providers.anthropic).toMatchObject({
      type: "anthropic",
      base_url: "https://api.anthropic.com",
      api_key_env: "ANTHROPIC_API_KEY",
    });
    expect(config.providers.gemini).toMatchObject({
      type: "gemini",
      base_url: "https://generativelanguage.googleapis.com",
      api_key_env: "GEMINI_API_KEY",
    });
    expect(config.routes).toEqual(
      expect.arrayContaining([
        { match: "claude-*", provider: "anthropic", model: undefined },
        { match: "gemini-*", provider: "gemini", model: undefined },
      ]),
    );
  });
});

describe("images config", () => {
  it("has safe defaults", () => {
    expect(loadConfig("").images).toEqual({
      max_bytes: 10 * 1024 * 1024,
      max_per_request: 16,
      max_total_bytes: 32 * 1024 * 1024,
      timeout_ms: 10_000,
      max_redirects: 3,
      allow_hosts: [],
    });
  });

  it("reads sizes with units and an allow list", () => {
    const config = loadConfig(
      "images: { max_bytes: 2mb, max_per_request: 4, max_total_bytes: 5mb, timeout_ms: 500, max_redirects: 0, allow_hosts: [images.internal, '*.corp.example'] }",
    );
    expect(config.images).toEqual({
      max_bytes: 2 * 1024 * 1024,
      max_per_request: 4,
      max_total_bytes: 5 * 1024 * 1024,
      timeout_ms: 500,
      max_redirects: 0,
      allow_hosts: ["images.internal", "*.corp.example"],
    });
  });

  it.each([
    ["images: { max_bytes: lots }", "images.max_bytes"],
    ["images: { timeout_ms: 0 }", "images.timeout_ms"],
    ["images: { max_redirects: -1 }", "images.max_redirects"],
    ["images: { max_per_request: 0 }", "images.max_per_request"],
    ["images: { max_total_bytes: none }", "images.max_total_bytes"],
    ["images: { allow_hosts: localhost }", "images.allow_hosts"],
    ["images: { allowed_hosts: [] }", "images.allowed_hosts"],
  ])("rejects %j at %s", (yaml, path) => {
    expect(() => loadConfig(yaml)).toThrow(ConfigError);
    try {
      loadConfig(yaml);
    } catch (error) {
      expect((error as ConfigError).path).toBe(path);
    }
  });
});
