import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../src/config/load.js";
import { ConfigError } from "../../src/config/validate.js";
import { adapterFor } from "../../src/providers/registry.js";
import { DEFAULT_RETRY } from "../../src/resilience/config.js";

const load = (yaml: string) => loadConfigText(yaml, {}, adapterFor);
const refusal = (yaml: string) => {
  try {
    load(yaml);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("the config was accepted");
};
const providers = `
providers:
  openai: { type: openai, base_url: "http://o/v1" }
  backup: { type: openai, base_url: "http://b/v1" }
`;

describe("retry and cooldown settings", () => {
  it("has DESIGN.md's defaults", () => {
    const config = load(providers);
    expect(config.retry).toEqual({
      max_retries: 3,
      backoff_ms: 1000,
      max_backoff_ms: 8000,
      max_retry_after_ms: 30_000,
      deadline_ms: 600_000,
      resume_streams: false,
    });
    expect(config.cooldown).toEqual({ failures: 3, window_s: 60, duration_s: 30 });
  });

  it("lets a route override the global retry field by field", () => {
    const config = load(`${providers}
retry: { max_retries: 2, backoff_ms: 50 }
routes:
  - { match: smart, provider: openai, retry: { max_retries: 1 } }
  - { match: plain, provider: openai }
`);
    expect(config.retry).toEqual({ ...DEFAULT_RETRY, max_retries: 2, backoff_ms: 50 });
    expect(config.routes[0]!.retry).toEqual({ ...DEFAULT_RETRY, max_retries: 1, backoff_ms: 50 });
    expect(config.routes[1]!.retry).toBeUndefined();
  });

  it("refuses unknown keys and bad values, naming their path", () => {
    expect(refusal(`${providers}retry: { retries: 2 }\n`)).toMatch(/^retry\.retries: unknown key/);
    expect(refusal(`${providers}retry: { max_retries: -1 }\n`)).toBe("retry.max_retries: must be at least 0");
    expect(refusal(`${providers}retry: { max_retries: 50 }\n`)).toBe("retry.max_retries: must be at most 10");
    expect(refusal(`${providers}retry: { deadline_ms: 0 }\n`)).toBe("retry.deadline_ms: must be at least 1");
    expect(refusal(`${providers}cooldown: { duration: 5 }\n`)).toMatch(/^cooldown\.duration: unknown key/);
    expect(refusal(`${providers}routes:\n  - { match: x, provider: openai, retry: { backoff: 1 } }\n`)).toMatch(
      /^routes\[0\]\.retry\.backoff: unknown key/,
    );
  });
});

describe("routes with targets and fallbacks", () => {
  it("takes weighted targets instead of provider/model", () => {
    const config = load(`${providers}
routes:
  - match: smart
    targets:
      - { provider: openai, model: gpt-4o, weight: 3 }
      - { provider: backup, model: openai/gpt-4o }
    fallbacks: [backup/gpt-4o-mini]
`);
    expect(config.routes[0]).toMatchObject({
      match: "smart",
      provider: undefined,
      targets: [
        { provider: "openai", model: "gpt-4o", weight: 3 },
        { provider: "backup", model: "openai/gpt-4o", weight: 1 },
      ],
      fallbacks: ["backup/gpt-4o-mini"],
    });
  });

  it("refuses a route that names both or neither, unknown providers and weights that leave nothing to pick", () => {
    const route = (yaml: string) => refusal(`${providers}routes:\n  - ${yaml}\n`);
    expect(route("{ match: x, provider: openai, targets: [{ provider: openai }] }")).toBe(
      "routes[0].targets: cannot be given with provider or model (list every deployment as a target)",
    );
    expect(route("{ match: x }")).toBe("routes[0].provider: is required (or list the route's targets)");
    expect(route("{ match: x, targets: [] }")).toBe("routes[0].targets: must not be empty");
    expect(route("{ match: x, targets: [{ provider: nope }] }")).toBe(
      'routes[0].targets[0].provider: names no configured provider: "nope"',
    );
    expect(route("{ match: x, targets: [{ provider: openai, weight: 0 }] }")).toBe(
      "routes[0].targets: needs at least one target with a weight above 0",
    );
    expect(route("{ match: x, targets: [{ provider: openai, share: 1 }] }")).toMatch(/^routes\[0\]\.targets\[0\]\.share: unknown key/);
  });
});
