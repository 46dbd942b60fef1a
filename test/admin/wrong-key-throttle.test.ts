import { describe, expect, it } from "vitest";
import { DEFAULT_THROTTLE, WrongKeyThrottle } from "../../src/admin/wrong-key-throttle.js";

function throttle(overrides: Partial<typeof DEFAULT_THROTTLE> = {}) {
  const clock = { now: 0 };
  return { clock, throttle: new WrongKeyThrottle({ ...DEFAULT_THROTTLE, now: () => clock.now, ...overrides }) };
}

describe("the wrong master key throttle", () => {
  it("lets a few wrong keys pass, then doubles the pause with each, up to its cap", () => {
    const { clock, throttle: t } = throttle();
    const pauses: number[] = [];
    for (let i = 0; i < 14; i++) {
      t.failed("10.0.0.1");
      pauses.push(t.waitMs("10.0.0.1"));
      clock.now += t.waitMs("10.0.0.1");
    }
    expect(pauses).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000]);
    expect(t.waitMs("10.0.0.2")).toBe(0);
    t.succeeded("10.0.0.1");
    t.failed("10.0.0.1");
    expect(t.waitMs("10.0.0.1")).toBe(0);
  });

  it("counts an IPv6 client by its /64, and forgets addresses that stop failing", () => {
    const { clock, throttle: t } = throttle({ free: 0 });
    t.failed("2001:db8:1:2:aaaa::1");
    expect(t.waitMs("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe(1000);
    expect(t.waitMs("2001:db8:1:3::1")).toBe(0);
    clock.now += DEFAULT_THROTTLE.forgetAfterMs + 1;
    t.failed("2001:db8:1:2::9");
    expect(t.waitMs("2001:db8:1:2::9")).toBe(1000);
  });

  it("keeps a bounded number of addresses, forgetting the least recently seen", () => {
    const { throttle: t } = throttle({ free: 0, maxAddresses: 100 });
    for (let i = 0; i < 1000; i++) t.failed(`10.0.${i >> 8}.${i & 255}`);
    expect(t.waitMs("10.0.0.0")).toBe(0);
    expect(t.waitMs("10.0.3.231")).toBe(1000);
  });
});
