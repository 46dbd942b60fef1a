import { describe, expect, it } from "vitest";
import { interpolateString } from "../../src/config/interpolate.js";
import { loadConfig } from "../helpers/config.js";

describe("interpolation", () => {
  it("reads variables, defaults and escapes", () => {
    const env = { A: "alpha", EMPTY: "" };
    expect(interpolateString("${A}-${B:-beta}-${EMPTY:-fallback}-$${A}", env)).toEqual({ value: "alpha-beta-fallback-${A}", missing: [] });
    expect(interpolateString("x${NOPE}y", env)).toEqual({ value: "xy", missing: ["NOPE"] });
  });

  it("does not let a value change the YAML's structure", () => {
    const config = loadConfig("providers:\n  p:\n    type: openai\n    base_url: https://x.test/v1\n    api_key: ${KEY}\n", {
      KEY: "a: b # c",
    });
    expect(config.providers.p!.api_key).toBe("a: b # c");
  });
});
