import { modelNotAllowed } from "../access/refusals.js";
import { invalidRequest, ProxyError } from "../errors.js";
import { cooldownKey, orderTargets, type OrderedTarget, type TargetGroup } from "../resilience/candidate-order.js";
import type { RouteTarget } from "../routing/resolve-model.js";
import type { Exchange } from "./types.js";

/**
 * Plan: the requested model → the deployments to try, in order: the route's targets (picked by
 * weight among those in rotation), the route's fallbacks, then the request's own `models`, each
 * resolved like a request's model; targets out of rotation last. Deployments this request may not
 * use are left out (see refusal); when none is left, the first refusal is the answer, before any
 * upstream call. A fallback stays inside the key's model list, as the requested model did in the
 * admit stage.
 */
export function planCandidates<Request>(exchange: Exchange<Request>): void | Promise<void> {
  const { spec, snapshot, request } = exchange;
  const { resolver } = snapshot;
  const requested = spec.model(request);
  const primary = resolver.targets(requested);
  const route = primary[0]!.route;
  const extra = spec.fallbackModels?.(request);
  const routeFallbacks = route ? resolver.fallbacks(route) : [];
  const cooldowns = exchange.app.resilience.cooldowns;
  if (route?.retry) exchange.retry = route.retry;

  // Without faults and alternatives (the common case) there is nothing to order.
  if (primary.length === 1 && routeFallbacks.length === 0 && !extra && cooldowns.quiet) {
    const target = primary[0]!;
    const refused = refusal(exchange, target, requested);
    if (refused) throw refused;
    useCandidates(exchange, [{ target, fallback: false, probe: false, cooling: false }]);
    return;
  }

  let firstRefusal: ProxyError | undefined;
  const allowed = (targets: readonly RouteTarget[], name: string) =>
    targets.filter((target) => {
      const refused = refusal(exchange, target, name);
      firstRefusal ??= refused;
      return !refused;
    });
  const groups: TargetGroup[] = [{ targets: allowed(primary, requested), fallback: false }];
  routeFallbacks.forEach((targets, index) => {
    groups.push({ targets: allowed(targets, route!.fallbacks![index]!), fallback: true });
  });
  for (const name of extra ?? []) groups.push({ targets: allowed(requestedFallback(exchange, name), name), fallback: true });
  if (groups.every((group) => group.targets.length === 0)) throw firstRefusal!;

  const claims = claimProbes(exchange, groups);
  const order = (probes: ReadonlySet<string>) => useCandidates(exchange, orderTargets(groups, cooldowns, probes));
  if (claims instanceof Promise) return claims.then(order);
  order(claims);
}

/**
 * Why this request may not go to a deployment, reached by the model name `requestedAs`, or
 * undefined when it may. The one place that says so, for every candidate alike: a model the key
 * may not use (globs on the name, as for the requested model), a provider that does not serve the
 * endpoint.
 */
function refusal<Request>(exchange: Exchange<Request>, target: RouteTarget, requestedAs: string): ProxyError | undefined {
  const { spec, principal } = exchange;
  if (principal && !principal.mayUse(requestedAs)) return modelNotAllowed(principal, requestedAs);
  if (!spec.serves(exchange.app.adapterFor(target.provider.type))) {
    return invalidRequest(
      `Provider '${target.provider.name}' (${target.provider.type}) does not serve ${spec.name}.`,
      "model",
      "unsupported_endpoint",
    );
  }
  return undefined;
}

/** A model the request names in `models`; one that reaches nothing is the client's error, named as such. */
function requestedFallback<Request>(exchange: Exchange<Request>, name: string): RouteTarget[] {
  try {
    return exchange.snapshot.resolver.targets(name);
  } catch (error) {
    if (!(error instanceof ProxyError)) throw error;
    throw new ProxyError(error.status, error.message, { type: error.type, param: "models", code: error.code });
  }
}

/**
 * Targets whose cooldown has ended wait for one request to show them healthy: this request
 * claims each it could use (through the shared store when there is one; only then does the plan
 * wait for anything).
 */
function claimProbes<Request>(exchange: Exchange<Request>, groups: TargetGroup[]): ReadonlySet<string> | Promise<ReadonlySet<string>> {
  const claimed = new Set<string>();
  const { cooldowns } = exchange.app.resilience;
  if (cooldowns.quiet) return claimed;
  // A probe that never reports back (its request failed for another reason) is free again after the request's deadline.
  const ttlMs = exchange.retry.deadline_ms;
  const pending: Promise<void>[] = [];
  for (const group of groups) {
    for (const target of group.targets) {
      const key = cooldownKey(target);
      if (claimed.has(key) || cooldowns.health(key) !== "probe") continue;
      const won = cooldowns.claimProbe(key, ttlMs);
      if (won === true) claimed.add(key);
      else if (won instanceof Promise) pending.push(won.then((ok) => void (ok && claimed.add(key))));
    }
  }
  return pending.length === 0 ? claimed : Promise.all(pending).then(() => claimed);
}

function useCandidates<Request>(exchange: Exchange<Request>, ordered: OrderedTarget[]): void {
  exchange.candidates = ordered.map(({ target, fallback, probe, cooling }) => ({ target, fallback, probe, cooling, prepared: undefined }));
  const first = ordered[0]!.target;
  exchange.outcome.provider = first.provider.name;
  exchange.outcome.model = first.upstreamModel;
}
