import { describe, expect, it } from "vitest";
import { geminiError } from "../../../src/providers/gemini/errors.js";
import { expectError } from "../../helpers/openai-schema.js";
import { fixture } from "../../helpers/files.js";

describe("Gemini errors", () => {
  it("keeps the 429 of the recorded quota error and its retry delay, rounded up to whole seconds", () => {
    const error = geminiError(429, fixture("errors/gemini-429-retry-info.json"), {});
    expectError(error.toBody());
    expect(error.status).toBe(429);
    expect(error.toBody()).toEqual({
      error: {
        message: "You exceeded your current quota, please check your plan.",
        type: "rate_limit_error",
        param: null,
        code: "resource_exhausted",
      },
    });
    expect(error.headers).toEqual({ "retry-after": "35", "retry-after-ms": "34400" });
  });

  it("prefers the upstream's own retry-after header and quotes a body that is not Google's JSON", () => {
    expect(geminiError(429, fixture("errors/gemini-429-retry-info.json"), { "retry-after": "60" }).headers).toEqual({
      "retry-after": "60",
      "retry-after-ms": "34400",
    });
    const plain = geminiError(502, "Bad Gateway", {});
    expect(plain.message).toBe("The upstream provider answered HTTP 502: Bad Gateway");
    expect(plain.headers).toBeUndefined();
  });
});
