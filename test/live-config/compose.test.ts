import { describe, expect, it } from "vitest";
import { composeConfig } from "../../src/live-config/compose.js";
import type { StoredState } from "../../src/live-config/stored-state.js";
import { adapterFor } from "../../src/providers/registry.js";
import type { StoredProvider } from "../../src/state/providers.js";
import { loadConfig } from "../helpers/config.js";

const file = loadConfig(`
upstream: { timeouts: { connect_ms: 1234 } }
providers:
  openai: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: sk-file-0123456789 }
  groq: { type: openai, base_url: "http://127.0.0.1:9/groq" }
routes:
  - { match: "gpt-*", provider: openai }
  - { match: "*", provider: groq }
`);

function row(name: string, fields: Partial<StoredProvider> = {}): StoredProvider {
  return {
    name,
    type: "openai",
    base_url: "http://127.0.0.1:9/stored",
    headers: "{}",
    models: null,
    options: null,
    timeouts: null,
    enabled: 1,
    secrets: null,
    api_key_env: null,
    created_at: "2026-12-01T00:00:00.000Z",
    updated_at: "2026-12-01T00:00:00.000Z",
    ...fields,
  };
}

function stored(rows: StoredProvider[], overrides: Record<string, boolean> = {}, secrets: Record<string, object> = {}): StoredState {
  return {
    providers: rows.map((entry) => ({ row: entry, secrets: secrets[entry.name] ?? {}, problem: undefined })),
    overrides: new Map(Object.entries(overrides)),
    fingerprint: "x",
  };
}

describe("the effective config", () => {
  it("is the file's, with the stored providers added, their keys opened and the file's timeouts under theirs", () => {
    const composed = composeConfig(
      file,
      stored(
        [row("mine", { timeouts: '{"idle_ms":5}', models: '["m1"]' })],
        {},
        { mine: { api_key: "sk-stored", headers: { "X-Token": "t" } } },
      ),
      adapterFor,
      {},
    );
    expect(Object.keys(composed.config.providers)).toEqual(["openai", "groq", "mine"]);
    expect(composed.config.providers.mine).toMatchObject({
      api_key: "sk-stored",
      headers: { "X-Token": "t" },
      models: ["m1"],
      timeouts: { connect_ms: 1234, first_byte_ms: 600000, idle_ms: 5 },
    });
    expect([...composed.providers.values()].map((entry) => [entry.name, entry.source, entry.enabled])).toEqual([
      ["openai", "config", true],
      ["groq", "config", true],
      ["mine", "store", true],
    ]);
    expect(composed.config.routes).toEqual(file.routes);
  });

  it("leaves out what is switched off, and the routes to it", () => {
    const composed = composeConfig(file, stored([row("mine", { enabled: 0 })], { openai: false }), adapterFor, {});
    expect(Object.keys(composed.config.providers)).toEqual(["groq"]);
    expect(composed.config.routes.map((route) => route.provider)).toEqual(["groq"]);
    expect(composed.providers.get("openai")).toMatchObject({ enabled: false, config: { api_key: "sk-file-0123456789" } });
    expect(composed.providers.get("mine")).toMatchObject({ enabled: false, config: { base_url: "http://127.0.0.1:9/stored" } });
  });

  it("keeps a weighted route's served targets and the fallbacks that still reach a deployment", () => {
    const routed = loadConfig(`
providers:
  openai: { type: openai, base_url: "http://127.0.0.1:9/v1" }
  groq: { type: openai, base_url: "http://127.0.0.1:9/groq" }
  anthropic: { type: anthropic, base_url: "http://127.0.0.1:9/anthropic" }
routes:
  - match: "smart"
    targets: [{ provider: openai, model: gpt-4o, weight: 3 }, { provider: groq, model: llama, weight: 1 }]
    fallbacks: [claude-sonnet-4-5, groq/llama-3.1-8b-instant]
  - { match: "claude-*", provider: anthropic }
  - match: "groq-only"
    targets: [{ provider: groq, model: llama }]
`);
    const composed = composeConfig(routed, stored([], { groq: false, anthropic: false }), adapterFor, {});
    expect(composed.config.routes.map((route) => route.match)).toEqual(["smart"]);
    const [smart] = composed.config.routes;
    expect(smart!.targets).toEqual([{ provider: "openai", model: "gpt-4o", weight: 3 }]);
    expect(smart!.fallbacks).toEqual([]);
    // Switching providers back on brings their fallbacks back.
    const all = composeConfig(routed, stored([]), adapterFor, {});
    expect(all.config.routes.find((route) => route.match === "smart")!.fallbacks).toEqual([
      "claude-sonnet-4-5",
      "groq/llama-3.1-8b-instant",
    ]);
  });

  it("reads a default provider's key from each replica's environment, keyless (naming the variable) when unset", () => {
    const rows = [row("keyed", { api_key_env: "KEYED_API_KEY" }), row("unset", { api_key_env: "UNSET_API_KEY" })];
    const composed = composeConfig(file, stored(rows), adapterFor, { KEYED_API_KEY: "sk-from-env" });
    expect(composed.config.providers.keyed).toMatchObject({ api_key: "sk-from-env", api_key_env: undefined });
    expect(composed.config.providers.unset).toMatchObject({ api_key: undefined, api_key_env: "UNSET_API_KEY" });
  });

  it("lets the file's provider of a name shadow a stored one, and leaves out a stored one that no longer validates", () => {
    const composed = composeConfig(file, stored([row("openai"), row("broken", { options: '{"stream_usage":"yes"}' })]), adapterFor, {});
    expect(composed.config.providers.openai!.base_url).toBe("http://127.0.0.1:9/v1");
    expect(composed.config.providers.broken).toBeUndefined();
    expect(composed.providers.get("broken")!.problem).toContain("providers.broken.options.stream_usage");
    expect(composed.problems).toEqual([
      "stored provider 'openai' is shadowed by the provider of that name in the config file",
      expect.stringContaining("stored provider 'broken' is not served"),
    ]);
  });
});
