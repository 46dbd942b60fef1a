import { describe, expect, it } from "vitest";
import { ProxyError, type Recovery } from "../../src/errors.js";
import { DEFAULT_RETRY } from "../../src/resilience/config.js";
import { nextStep, type FailedAttempt } from "../../src/resilience/next-step.js";

const failed = (recovery: Recovery, overrides: Partial<FailedAttempt> = {}): FailedAttempt => ({
  failure: new ProxyError(503, "overloaded", { recovery }),
  retriesDone: 0,
  settings: DEFAULT_RETRY,
  hasNext: true,
  cooling: false,
  remainingMs: 60_000,
  retryAfterMs: undefined,
  ...overrides,
});
const noJitter = () => 0;

describe("the next step after a failed attempt", () => {
  it("retries a retryable failure after the backoff, while retries are left", () => {
    expect(nextStep(failed("retry"), noJitter)).toEqual({ action: "retry", waitMs: 1000 });
    expect(nextStep(failed("retry", { retriesDone: 2 }), noJitter)).toEqual({ action: "retry", waitMs: 4000 });
    expect(nextStep(failed("retry", { retriesDone: 3 }), noJitter)).toEqual({ action: "next" });
    expect(nextStep(failed("retry", { retriesDone: 3, hasNext: false }), noJitter)).toEqual({ action: "stop" });
  });

  it("waits a Retry-After up to max_retry_after_ms, and beyond it moves on at once", () => {
    expect(nextStep(failed("retry", { retryAfterMs: 30_000 }), noJitter)).toEqual({ action: "retry", waitMs: 30_000 });
    expect(nextStep(failed("retry", { retryAfterMs: 30_001 }), noJitter)).toEqual({ action: "next" });
    expect(nextStep(failed("retry", { retryAfterMs: 30_001, hasNext: false }), noJitter)).toEqual({ action: "stop" });
  });

  it("moves on from a target that is out of rotation, unless it is the last hope", () => {
    expect(nextStep(failed("retry", { cooling: true }), noJitter)).toEqual({ action: "next" });
    expect(nextStep(failed("retry", { cooling: true, hasNext: false }), noJitter)).toEqual({ action: "retry", waitMs: 1000 });
  });

  it("never waits past the deadline, nor moves on after it", () => {
    expect(nextStep(failed("retry", { remainingMs: 900 }), noJitter)).toEqual({ action: "next" });
    expect(nextStep(failed("retry", { remainingMs: 0 }), noJitter)).toEqual({ action: "stop" });
    expect(nextStep(failed("next", { remainingMs: 0 }), noJitter)).toEqual({ action: "stop" });
  });

  it("moves on from a `next` failure without a retry, and stops on the client's own error", () => {
    expect(nextStep(failed("next"), noJitter)).toEqual({ action: "next" });
    expect(nextStep(failed("next", { hasNext: false }), noJitter)).toEqual({ action: "stop" });
    expect(nextStep(failed("none"), noJitter)).toEqual({ action: "stop" });
  });

  it("turns no retry budget into a loop: every step consumes a retry, moves on, or stops", () => {
    let retriesDone = 0;
    let steps = 0;
    for (;;) {
      const step = nextStep(failed("retry", { retriesDone, retryAfterMs: 0, hasNext: false }), noJitter);
      steps++;
      if (step.action !== "retry") break;
      retriesDone++;
    }
    expect(steps).toBe(DEFAULT_RETRY.max_retries + 1);
  });
});
