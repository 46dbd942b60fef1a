import { describe, expect, it } from "vitest";
import { emptyKeyForm, keyFieldOfParam, toKeyInput } from "../../../../ui/src/views/keys/key-form-values.js";

describe("toKeyInput", () => {
  it("sends the limits given, as numbers, and the period only with a budget", () => {
    expect(
      toKeyInput({
        ...emptyKeyForm(),
        name: "frontend",
        models: "gpt-4o-mini\nclaude-*",
        rpm: "60",
        budget_usd: "$50",
        budget_period: "week",
      }),
    ).toEqual({
      input: { name: "frontend", models: ["gpt-4o-mini", "claude-*"], rpm: 60, budget_usd: 50, budget_period: "week" },
    });
    expect(toKeyInput({ ...emptyKeyForm(), name: "batch", budget_period: "day" }).input).toEqual({ name: "batch" });
  });

  it("names numbers that are not numbers", () => {
    expect(toKeyInput({ ...emptyKeyForm(), name: "x", tpm: "1.5", budget_usd: "lots" }).errors).toEqual({
      tpm: "must be a whole number",
      budget_usd: "must be an amount in dollars",
    });
  });
});

describe("keyFieldOfParam", () => {
  it("maps an API param to its field", () => {
    expect(keyFieldOfParam("budget_period")).toBe("budget_period");
    expect(keyFieldOfParam("models[0]")).toBe("models");
    expect(keyFieldOfParam("key")).toBeUndefined();
  });
});
