import { describe, expect, it } from "vitest";
import type { Provider } from "../../../../ui/src/api/types.js";
import { emptyProviderForm, fieldOfParam, providerForm, toProviderInput } from "../../../../ui/src/views/providers/form-values.js";

const STORED: Provider = {
  name: "groq",
  type: "openai",
  base_url: "https://api.groq.com/openai/v1",
  api_key: "gsk...wxyz",
  api_key_set: true,
  api_key_env: null,
  headers: { "X-Title": "App", Authorization: "Bea...cret" },
  models: ["llama-3.1-8b-instant"],
  options: { stream_usage: false },
  timeouts: { connect_ms: 10000, first_byte_ms: 600000, idle_ms: 600000 },
  enabled: true,
  source: "store",
  created_at: "2026-12-01T00:00:00Z",
  updated_at: null,
};

describe("toProviderInput", () => {
  it("sends what a new provider's form says, and nothing for empty fields", () => {
    const values = {
      ...emptyProviderForm(),
      name: " local ",
      type: "ollama" as const,
      base_url: "http://127.0.0.1:11434",
      models: "llama3.2, qwen3\nphi4",
    };
    expect(toProviderInput(values)).toEqual({
      input: { name: "local", type: "ollama", enabled: true, base_url: "http://127.0.0.1:11434", models: ["llama3.2", "qwen3", "phi4"] },
    });
  });

  it("editing, sends every field back (a PUT replaces), masked secrets as shown, and keeps the key when none is typed", () => {
    const { input } = toProviderInput(providerForm(STORED), STORED);
    expect(input).toEqual({
      type: "openai",
      enabled: true,
      base_url: "https://api.groq.com/openai/v1",
      models: ["llama-3.1-8b-instant"],
      headers: { "X-Title": "App", Authorization: "Bea...cret" },
      options: { stream_usage: false },
      timeouts: { connect_ms: 10000, first_byte_ms: 600000, idle_ms: 600000 },
    });
    expect(input).not.toHaveProperty("api_key");
    expect(input).not.toHaveProperty("name");
  });

  it("replaces the key when one is typed, and removes it (null) when asked", () => {
    expect(toProviderInput({ ...providerForm(STORED), api_key: "gsk_new" }, STORED).input?.api_key).toBe("gsk_new");
    expect(toProviderInput({ ...providerForm(STORED), api_key: "ignored", remove_api_key: true }, STORED).input?.api_key).toBeNull();
  });

  it("names the fields it can judge itself", () => {
    const values = { ...emptyProviderForm(), name: "x", headers: "X-Title: ok\nbroken", options: "{", connect_ms: "soon" };
    expect(toProviderInput(values).errors).toEqual({
      headers: 'line 2 is not "Name: value"',
      options: expect.stringMatching(/^is not valid JSON/),
      connect_ms: "must be a number of milliseconds",
    });
    expect(toProviderInput({ ...emptyProviderForm(), options: "[1]" }).errors).toEqual({ options: "must be a JSON object" });
  });
});

describe("fieldOfParam", () => {
  it("finds the form field an API error's param names", () => {
    expect(fieldOfParam("base_url")).toBe("base_url");
    expect(fieldOfParam("options.thinking_budgets.high")).toBe("options");
    expect(fieldOfParam("headers.Authorization")).toBe("headers");
    expect(fieldOfParam("timeouts.idle_ms")).toBe("idle_ms");
    expect(fieldOfParam("models[1]")).toBe("models");
    expect(fieldOfParam("providers.groq.base_url")).toBe("base_url");
    expect(fieldOfParam("colour")).toBeUndefined();
    expect(fieldOfParam(null)).toBeUndefined();
  });
});
