import { describe, expect, it } from "vitest";
import { mistralToolCallId } from "../../../src/providers/mistral/tool-call-ids.js";

describe("Mistral tool-call ids", () => {
  it("keeps Mistral's own ids and maps others to nine letters and digits, the same way every time", () => {
    expect(mistralToolCallId("gSIMJiOkT")).toBe("gSIMJiOkT");
    const foreign = mistralToolCallId("call_Rx9aBQmv2HnSNiBjLFf0wE1y");
    expect(foreign).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(mistralToolCallId("call_Rx9aBQmv2HnSNiBjLFf0wE1y")).toBe(foreign);
    // The id Mistral refused in the recorded error.
    expect(mistralToolCallId("turn1_0")).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(mistralToolCallId("turn1_1")).not.toBe(mistralToolCallId("turn1_0"));
  });
});
