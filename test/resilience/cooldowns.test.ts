import { describe, expect, it } from "vitest";
import { Cooldowns, MAX_RETRY_AFTER_COOLDOWN_MS } from "../../src/resilience/cooldowns.js";

const config = { failures: 3, window_s: 60, duration_s: 30 };

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe("cooldowns in one process", () => {
  it("takes a target out after `failures` failures within the window, for duration_s", () => {
    const time = clock();
    const started: string[] = [];
    const cooldowns = new Cooldowns(undefined, (provider) => started.push(provider), time.now);
    expect(cooldowns.quiet).toBe(true);
    expect(cooldowns.failure("p/m", "p", config, undefined, false)).toBe(false);
    expect(cooldowns.failure("p/m", "p", config, undefined, false)).toBe(false);
    expect(cooldowns.failure("p/m", "p", config, undefined, false)).toBe(true);
    expect(cooldowns.health("p/m")).toBe("cooling");
    expect(cooldowns.quiet).toBe(false);
    expect(started).toEqual(["p"]);
    expect(cooldowns.coolingByProvider()).toEqual(new Map([["p", 1]]));
    time.advance(30_000);
    expect(cooldowns.health("p/m")).toBe("probe");
    expect(cooldowns.coolingByProvider()).toEqual(new Map());
  });

  it("counts failures in a window that starts with the first: older ones do not add up", () => {
    const time = clock();
    const cooldowns = new Cooldowns(undefined, undefined, time.now);
    cooldowns.failure("p/m", "p", config, undefined, false);
    cooldowns.failure("p/m", "p", config, undefined, false);
    time.advance(60_000);
    expect(cooldowns.failure("p/m", "p", config, undefined, false)).toBe(false);
    expect(cooldowns.health("p/m")).toBe("ok");
  });

  it("gives one request the probe, then full rotation when it answers", () => {
    const time = clock();
    const cooldowns = new Cooldowns(undefined, undefined, time.now);
    for (let i = 0; i < 3; i++) cooldowns.failure("p/m", "p", config, undefined, false);
    time.advance(30_000);
    expect(cooldowns.claimProbe("p/m", 10_000)).toBe(true);
    expect(cooldowns.health("p/m")).toBe("cooling");
    expect(cooldowns.claimProbe("p/m", 10_000)).toBe(false);
    cooldowns.releaseProbe("p/m");
    expect(cooldowns.health("p/m")).toBe("probe");
    expect(cooldowns.claimProbe("p/m", 10_000)).toBe(true);
    cooldowns.recovered("p/m");
    expect(cooldowns.health("p/m")).toBe("ok");
    expect(cooldowns.quiet).toBe(true);
  });

  it("cools a target again at once when its trial fails, and frees a probe that was never reported", () => {
    const time = clock();
    const cooldowns = new Cooldowns(undefined, undefined, time.now);
    for (let i = 0; i < 3; i++) cooldowns.failure("p/m", "p", config, undefined, false);
    time.advance(30_000);
    cooldowns.claimProbe("p/m", 10_000);
    expect(cooldowns.failure("p/m", "p", config, undefined, true)).toBe(true);
    expect(cooldowns.until("p/m")).toBe(time.now() + 30_000);
    time.advance(30_000);
    cooldowns.claimProbe("p/m", 10_000);
    time.advance(10_000);
    expect(cooldowns.health("p/m")).toBe("probe");
  });

  it("keeps a target out for its Retry-After when longer, up to an hour", () => {
    const time = clock();
    const cooldowns = new Cooldowns(undefined, undefined, time.now);
    for (let i = 0; i < 3; i++) cooldowns.failure("p/m", "p", config, 90_000, false);
    expect(cooldowns.until("p/m")).toBe(time.now() + 90_000);
    cooldowns.coolFor("q/m", "q", config, 10 * MAX_RETRY_AFTER_COOLDOWN_MS);
    expect(cooldowns.until("q/m")).toBe(time.now() + MAX_RETRY_AFTER_COOLDOWN_MS);
  });

  it("returns a target nobody came to probe for a whole window to rotation by itself", () => {
    const time = clock();
    const cooldowns = new Cooldowns(undefined, undefined, time.now);
    for (let i = 0; i < 3; i++) cooldowns.failure("p/m", "p", config, undefined, false);
    time.advance(30_000 + 60_000);
    expect(cooldowns.health("p/m")).toBe("ok");
    expect(cooldowns.quiet).toBe(true);
  });

  it("does nothing with failures: 0", () => {
    const cooldowns = new Cooldowns(undefined);
    const off = { ...config, failures: 0 };
    for (let i = 0; i < 10; i++) expect(cooldowns.failure("p/m", "p", off, undefined, true)).toBe(false);
    cooldowns.coolFor("p/m", "p", off, 60_000);
    expect(cooldowns.quiet).toBe(true);
  });

  it("takes in the shared view: cooldowns other replicas decided, and the end of those they saw recover", () => {
    const time = clock();
    const cooldowns = new Cooldowns(undefined, undefined, time.now);
    cooldowns.merge(new Map([["p/m", time.now() + 5000]]), time.now() - 1000, config);
    expect(cooldowns.health("p/m")).toBe("cooling");
    expect(cooldowns.coolingByProvider()).toEqual(new Map([["p", 1]]));
    time.advance(2000);
    cooldowns.merge(new Map(), time.now() - 1000, config);
    expect(cooldowns.health("p/m")).toBe("ok");
    // A cooldown this replica just decided stands until the shared view has had time to hear of it.
    for (let i = 0; i < 3; i++) cooldowns.failure("q/m", "q", config, undefined, false);
    cooldowns.merge(new Map(), time.now() - 1000, config);
    expect(cooldowns.health("q/m")).toBe("cooling");
  });
});
