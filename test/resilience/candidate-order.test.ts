import { describe, expect, it } from "vitest";
import type { ProviderConfig } from "../../src/providers/types.js";
import { cooldownKey, orderTargets, type RotationView } from "../../src/resilience/candidate-order.js";
import type { TargetHealth } from "../../src/resilience/cooldowns.js";
import type { RouteTarget } from "../../src/routing/resolve-model.js";
import { seededRandom } from "../helpers/chaos-upstream.js";

const provider = (name: string) => ({ name }) as ProviderConfig;
const target = (name: string, weight = 1, model = "m"): RouteTarget => ({
  provider: provider(name),
  upstreamModel: model,
  route: undefined,
  weight,
});
const names = (ordered: { target: RouteTarget }[]) => ordered.map((entry) => entry.target.provider.name);

function rotation(states: Record<string, { health: TargetHealth; until: number }> = {}): RotationView {
  return {
    health: (key) => states[key]?.health ?? "ok",
    until: (key) => states[key]?.until ?? 0,
  };
}

describe("candidate order", () => {
  it("picks a route's targets by weight, one after another", () => {
    const random = seededRandom(7);
    const firsts: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 4000; i++) {
      const ordered = orderTargets([{ targets: [target("a", 3), target("b", 1)], fallback: false }], rotation(), new Set(), random);
      expect(names(ordered).sort()).toEqual(["a", "b"]);
      firsts[names(ordered)[0]!]!++;
    }
    expect(firsts.a! / 4000).toBeGreaterThan(0.72);
    expect(firsts.a! / 4000).toBeLessThan(0.78);
  });

  it("puts standbys (weight 0) after the weighted targets, then the fallbacks, each deployment once", () => {
    const groups = [
      { targets: [target("standby", 0), target("a", 1)], fallback: false },
      { targets: [target("a", 1), target("fallback", 1)], fallback: true },
    ];
    const ordered = orderTargets(groups, rotation(), new Set(), () => 0.5);
    expect(names(ordered)).toEqual(["a", "standby", "fallback"]);
    expect(ordered.map((entry) => entry.fallback)).toEqual([false, false, true]);
  });

  it("tries targets out of rotation last, the soonest back first, and a probe first in its group", () => {
    const states = {
      [cooldownKey(target("a"))]: { health: "cooling" as const, until: 200 },
      [cooldownKey(target("b"))]: { health: "cooling" as const, until: 100 },
      [cooldownKey(target("c"))]: { health: "probe" as const, until: 50 },
    };
    const groups = [
      { targets: [target("a"), target("b"), target("c"), target("d")], fallback: false },
      { targets: [target("e")], fallback: true },
    ];
    const ordered = orderTargets(groups, rotation(states), new Set([cooldownKey(target("c"))]), () => 0);
    expect(names(ordered)).toEqual(["c", "d", "e", "b", "a"]);
    expect(ordered.map((entry) => [entry.probe, entry.cooling])).toEqual([
      [true, false],
      [false, false],
      [false, false],
      [false, true],
      [false, true],
    ]);
  });

  it("treats a target whose probe another request holds as out of rotation", () => {
    const states = { [cooldownKey(target("a"))]: { health: "probe" as const, until: 10 } };
    const ordered = orderTargets([{ targets: [target("a"), target("b")], fallback: false }], rotation(states), new Set(), () => 0);
    expect(names(ordered)).toEqual(["b", "a"]);
  });
});
