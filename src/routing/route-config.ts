import { ConfigError, joinPath, list, number, object, optional, string, type Validator } from "../config/validate.js";
import { routePolicy } from "../policy/config.js";
import type { PolicyMode } from "../policy/config.js";
import type { ProviderConfig } from "../providers/types.js";
import { mergeRetry, routeRetry, type RetryConfig } from "../resilience/config.js";

/** One deployment a route sends to. */
export interface RouteTargetConfig {
  provider: string;
  /** The upstream model name; defaults to the requested name. */
  model: string | undefined;
  /** Share of the route's traffic, relative to its other targets. */
  weight: number;
}

export interface RouteConfig {
  match: string;
  /** The provider of a single-target route (absent when the route lists `targets`). */
  provider: string | undefined;
  /** Optional upstream model name (aliasing) of a single-target route; defaults to the requested name. */
  model: string | undefined;
  /** Several deployments, picked by weight (instead of provider/model). */
  targets: RouteTargetConfig[] | undefined;
  /** Model names tried after the route's own targets, each resolved like a request's model. */
  fallbacks: string[] | undefined;
  /** This route's parameter-policy mode; defaults to `policy.mode`. */
  policy: PolicyMode | undefined;
  /** The retry settings of requests to this route: its own `retry` over the global one; absent: the global one. */
  retry: RetryConfig | undefined;
}

const targetShape = object({
  provider: string({ nonEmpty: true }),
  model: optional(string({ nonEmpty: true })),
  weight: optional(number({ min: 0 }), 1),
});

const routeShape = object({
  match: string({ nonEmpty: true }),
  provider: optional(string({ nonEmpty: true })),
  model: optional(string({ nonEmpty: true })),
  targets: optional(list(targetShape)),
  fallbacks: optional(list(string({ nonEmpty: true }))),
  policy: routePolicy,
  retry: routeRetry,
});

/**
 * Validates one entry of `routes:`: either `provider` (and `model`) or `targets`, every provider
 * configured, weights that leave something to pick. Fallback names are checked once the whole
 * config is known (they resolve through the other routes).
 */
export function routeConfig(providers: Record<string, ProviderConfig>, retry: RetryConfig): Validator<RouteConfig> {
  const known = (name: string, path: string) => {
    if (!Object.hasOwn(providers, name)) throw new ConfigError(path, `names no configured provider: ${JSON.stringify(name)}`);
  };
  return (value, path) => {
    const route = routeShape(value, path);
    if (route.targets !== undefined) {
      if (route.provider !== undefined || route.model !== undefined) {
        throw new ConfigError(joinPath(path, "targets"), "cannot be given with provider or model (list every deployment as a target)");
      }
      if (route.targets.length === 0) throw new ConfigError(joinPath(path, "targets"), "must not be empty");
      route.targets.forEach((target, index) => {
        known(target.provider, joinPath(joinPath(joinPath(path, "targets"), index), "provider"));
      });
      if (!route.targets.some((target) => target.weight > 0)) {
        throw new ConfigError(joinPath(path, "targets"), "needs at least one target with a weight above 0");
      }
    } else if (route.provider === undefined) {
      throw new ConfigError(joinPath(path, "provider"), "is required (or list the route's targets)");
    } else {
      known(route.provider, joinPath(path, "provider"));
    }
    return {
      match: route.match,
      provider: route.provider,
      model: route.model,
      targets: route.targets,
      fallbacks: route.fallbacks,
      policy: route.policy,
      retry: route.retry ? mergeRetry(retry, route.retry) : undefined,
    };
  };
}
