import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultProviderFields, defaultProviders } from "../../src/admin/default-providers.js";
import { loadConfig } from "../helpers/config.js";

const SHIPPED = readFileSync(new URL("../../config.yaml", import.meta.url), "utf8");

describe("the default providers of initialize-defaults", () => {
  it("are the shipped config.yaml's: names, types, URLs, key variables and headers", () => {
    const shipped = loadConfig(SHIPPED);
    const defaults = defaultProviders({});
    expect(defaults.map((provider) => provider.name)).toEqual(Object.keys(shipped.providers));
    for (const provider of defaults) {
      const configured = shipped.providers[provider.name]!;
      expect({
        name: provider.name,
        type: provider.type,
        base_url: provider.base_url,
        env: provider.api_key_env,
        headers: provider.headers ?? {},
      }).toEqual({
        name: configured.name,
        type: configured.type,
        base_url: configured.base_url,
        env: configured.api_key_env,
        headers: configured.headers,
      });
    }
  });

  it("read the URLs and headers config.yaml takes from the environment, and store no secret", () => {
    const byName = new Map(defaultProviders({ OLLAMA_BASE_URL: "http://gpu-box:11434", OPENROUTER_TITLE: "Mine" }).map((p) => [p.name, p]));
    expect(byName.get("ollama")!.base_url).toBe("http://gpu-box:11434");
    expect(byName.get("openrouter")!.headers).toMatchObject({ "X-Title": "Mine" });
    for (const provider of byName.values()) expect(defaultProviderFields(provider).secrets).toBeNull();
  });
});
