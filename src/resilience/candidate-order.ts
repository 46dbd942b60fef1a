import type { RouteTarget } from "../routing/resolve-model.js";
import type { TargetHealth } from "./cooldowns.js";

/** Deployments that stand for one model name: the requested model's, or one fallback's. */
export interface TargetGroup {
  targets: readonly RouteTarget[];
  /** Reached through a fallback (routes[].fallbacks or the request's `models`), not the requested model. */
  fallback: boolean;
}

export interface OrderedTarget {
  target: RouteTarget;
  fallback: boolean;
  /** This request holds the target's cooldown probe. */
  probe: boolean;
  /** Out of rotation, tried only as a last resort. */
  cooling: boolean;
}

/** What the ordering reads of the cooldowns. */
export interface RotationView {
  health(key: string): TargetHealth;
  /** When a cooling target may be probed. */
  until(key: string): number;
}

/** The cooldown key of a deployment: `provider/upstream model`. */
export function cooldownKey(target: RouteTarget): string {
  return `${target.provider.name}/${target.upstreamModel}`;
}

/**
 * The order a request tries its deployments in: group after group (the requested model's targets,
 * then each fallback's), within a group the targets in rotation picked by weight one after
 * another, with targets of weight 0 (standbys) after them in config order, and a target this
 * request probes first. Targets out of rotation come last, the soonest back first: tried only
 * when nothing else answered, so a request is never refused for want of a healthy target. A
 * deployment is tried once, where it first appears.
 */
export function orderTargets(
  groups: readonly TargetGroup[],
  rotation: RotationView,
  probes: ReadonlySet<string>,
  random: () => number = Math.random,
): OrderedTarget[] {
  const ordered: OrderedTarget[] = [];
  const cooling: { entry: OrderedTarget; until: number }[] = [];
  const seen = new Set<string>();
  for (const group of groups) {
    const live: RouteTarget[] = [];
    for (const target of group.targets) {
      const key = cooldownKey(target);
      if (seen.has(key)) continue;
      seen.add(key);
      if (probes.has(key)) ordered.push({ target, fallback: group.fallback, probe: true, cooling: false });
      else if (rotation.health(key) === "ok") live.push(target);
      else cooling.push({ entry: { target, fallback: group.fallback, probe: false, cooling: true }, until: rotation.until(key) });
    }
    for (const target of byWeight(live, random)) ordered.push({ target, fallback: group.fallback, probe: false, cooling: false });
  }
  cooling.sort((a, b) => a.until - b.until);
  for (const { entry } of cooling) ordered.push(entry);
  return ordered;
}

/** Weighted picks without replacement, then the weight-0 standbys in their order. */
function byWeight(targets: RouteTarget[], random: () => number): RouteTarget[] {
  if (targets.length < 2) return targets;
  const weighted = targets.filter((target) => target.weight > 0);
  const picked: RouteTarget[] = [];
  let total = weighted.reduce((sum, target) => sum + target.weight, 0);
  while (weighted.length > 0) {
    let point = random() * total;
    let index = 0;
    while (index < weighted.length - 1 && point >= weighted[index]!.weight) point -= weighted[index++]!.weight;
    const [target] = weighted.splice(index, 1);
    picked.push(target!);
    total -= target!.weight;
  }
  for (const target of targets) if (target.weight === 0) picked.push(target);
  return picked;
}
