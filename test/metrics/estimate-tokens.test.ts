import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { estimateUsage, withoutLongRuns } from "../../src/metrics/estimate-tokens.js";

const request = (content: string) => ({ model: "gpt-4o", messages: [{ role: "user" as const, content }] });

describe("token estimates", () => {
  it("count ordinary text exactly as js-tiktoken does", async () => {
    const text = "The quick brown fox jumps over the lazy dog. ".repeat(200);
    const usage = await estimateUsage("gpt-4o", request("Hi"), text);
    expect(usage.completion_tokens).toBe(new Tiktoken(o200k).encode(text).length);
  });

  it("estimate runs no word is that long instead of feeding them to the quadratic merge", () => {
    expect(withoutLongRuns("plain words")).toEqual({ encodable: "plain words", estimated: 0 });
    expect(withoutLongRuns(`see ${"x".repeat(400)} here`)).toEqual({ encodable: "see   here", estimated: 100 });
  });

  it("never stall the event loop, whatever a client sends", async () => {
    // Encoded whole, 50,000 letters in one run took js-tiktoken over three minutes.
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const usage = await estimateUsage(
      "gpt-4o",
      request("a".repeat(50_000) + " " + "b".repeat(32).repeat(1).concat(" ").repeat(4000)),
      "c".repeat(1_000_000),
    );
    delay.disable();
    expect(usage.prompt_tokens).toBeGreaterThan(12_500);
    expect(usage.completion_tokens).toBe(250_000);
    expect(delay.max / 1e6).toBeLessThan(500);
  });
});
