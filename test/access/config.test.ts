import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../src/config/load.js";
import { adapterFor } from "../../src/providers/registry.js";

const load = (yaml: string, env: Record<string, string> = {}) => loadConfigText(yaml, env, adapterFor);
const refusal = (yaml: string) => {
  try {
    load(yaml);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the config was accepted");
};

describe("the auth, limits and state config", () => {
  it("is off when absent: no auth, no limits, no state store", () => {
    const config = load("");
    expect(config.auth).toBeUndefined();
    expect(config.limits).toEqual({ rpm: undefined, rph: undefined, tpm: undefined, fail_open: true, default_output_tokens: 4096 });
    expect(config.state.url).toBeUndefined();
  });

  it("turns authentication on with an empty auth section (virtual keys only)", () => {
    expect(load("auth:").auth).toEqual({ master_key: undefined, keys: [], protect_metrics: false });
  });

  it("reads keys from the environment, defaults budgets to a month, and opens the default store for them", () => {
    const config = load('auth:\n  keys:\n    - { name: a, key: "${A_KEY}", budget_usd: 5 }\n', { A_KEY: "sk-a-secret" });
    expect(config.auth!.keys[0]).toMatchObject({ name: "a", key: "sk-a-secret", budget_usd: 5, budget_period: "month" });
    expect(config.state.url).toBe("sqlite:./data/llm-proxy.db");
  });

  it("refuses what cannot be meant, naming the key", () => {
    expect(refusal("auth:\n  keys:\n    - { name: a, key: k1, rpn: 3 }\n")).toMatch(/^auth\.keys\[0\]\.rpn: unknown key/);
    expect(refusal("auth:\n  keys:\n    - { name: a, key: k1, budget_period: day }\n")).toBe(
      "auth.keys[0].budget_period: needs budget_usd",
    );
    expect(refusal("auth:\n  keys:\n    - { name: a, key: k1 }\n    - { name: a, key: k2 }\n")).toMatch(
      /^auth\.keys\[1\]\.name: is used by another key/,
    );
    expect(refusal("auth:\n  master_key: k1\n  keys:\n    - { name: a, key: k1 }\n")).toBe(
      "auth.keys[0].key: is the same secret as another key",
    );
    expect(refusal("auth:\n  keys:\n    - { name: a, key: k1, rpm: 0 }\n")).toBe("auth.keys[0].rpm: must be at least 1");
    expect(refusal("auth:\n  master_key: ''\n")).toBe("auth.master_key: must not be empty");
    expect(refusal("limits: { rpd: 3 }\n")).toMatch(/^limits\.rpd: unknown key/);
    expect(refusal("state: { url: mysql://x }\n")).toBe("state.url: must be sqlite:PATH or a postgres:// URL");
    expect(refusal("auth:\n  master_key: ${UNSET_MASTER_KEY}\n")).toMatch(
      /^auth\.master_key: environment variable UNSET_MASTER_KEY is not set/,
    );
  });
});
