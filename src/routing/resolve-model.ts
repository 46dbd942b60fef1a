import { ProxyError } from "../errors.js";
import type { Config, ProviderConfig, RouteConfig } from "../config/schema.js";
import { ConfigError, joinPath } from "../config/validate.js";
import { globToRegExp } from "../lib/glob.js";

export interface RouteTarget {
  provider: ProviderConfig;
  /** The model name the upstream receives. */
  upstreamModel: string;
  /** The route that matched, when one did (absent for `provider/model` and listed models). */
  route: RouteConfig | undefined;
  /** Its share of the route's traffic, relative to the route's other targets. */
  weight: number;
}

interface CompiledRoute {
  route: RouteConfig;
  pattern: RegExp;
  /** The route's targets that name their model, built once; undefined entries take the requested name. */
  fixed: (RouteTarget | undefined)[];
  /** Each fallback name's targets, resolved once when the resolver is built. */
  fallbacks: RouteTarget[][];
}

/**
 * Model name → provider and upstream model (one deployment, or a route's weighted targets). Order,
 * most specific first:
 * 1. `provider/model`, where `provider` is a configured provider name;
 * 2. a model listed by exactly one provider's `models` (the first provider listing it wins);
 * 3. the first route whose glob matches.
 */
export class ModelResolver {
  private readonly providers: Record<string, ProviderConfig>;
  private readonly routes: CompiledRoute[];
  private readonly listed = new Map<string, ProviderConfig>();
  private readonly compiled = new Map<RouteConfig, CompiledRoute>();

  /** Throws a ConfigError naming a route fallback that resolves to nothing. */
  constructor(config: Pick<Config, "providers" | "routes">) {
    this.providers = config.providers;
    for (const provider of Object.values(config.providers)) {
      for (const model of provider.models ?? []) if (!this.listed.has(model)) this.listed.set(model, provider);
    }
    this.routes = config.routes.map((route) => {
      const specs = route.targets ?? [{ provider: route.provider!, model: route.model, weight: 1 }];
      const fixed = specs.map((spec) =>
        spec.model === undefined
          ? undefined
          : { provider: this.providers[spec.provider]!, upstreamModel: spec.model, route, weight: spec.weight },
      );
      const compiled: CompiledRoute = { route, pattern: globToRegExp(route.match), fixed, fallbacks: [] };
      this.compiled.set(route, compiled);
      return compiled;
    });
    config.routes.forEach((route, index) => {
      const compiled = this.compiled.get(route)!;
      (route.fallbacks ?? []).forEach((name, position) => {
        try {
          compiled.fallbacks.push(this.targets(name));
        } catch (error) {
          if (!(error instanceof ProxyError)) throw error;
          throw new ConfigError(
            joinPath(joinPath(joinPath("routes", index), "fallbacks"), position),
            `no provider or route serves ${JSON.stringify(name)}`,
          );
        }
      });
    });
  }

  /** The deployments a model name reaches: one, or its route's targets (in config order); throws a 404 when none. */
  targets(model: string): RouteTarget[] {
    const slash = model.indexOf("/");
    if (slash > 0) {
      const provider = this.providers[model.slice(0, slash)];
      const upstreamModel = model.slice(slash + 1);
      if (provider && Object.hasOwn(this.providers, provider.name) && upstreamModel) {
        return [{ provider, upstreamModel, route: undefined, weight: 1 }];
      }
    }
    const listedBy = this.listed.get(model);
    if (listedBy) return [{ provider: listedBy, upstreamModel: model, route: undefined, weight: 1 }];
    for (const compiled of this.routes) {
      if (compiled.pattern.test(model)) return this.routeTargets(compiled, model);
    }
    throw modelNotFound(model, slash > 0 ? model.slice(0, slash) : undefined);
  }

  /** The first deployment a model name reaches (a weighted route's first target); throws a 404 when none. */
  resolve(model: string): RouteTarget {
    return this.targets(model)[0]!;
  }

  /** A route's fallbacks: for each name, the deployments it reaches. */
  fallbacks(route: RouteConfig): readonly RouteTarget[][] {
    return this.compiled.get(route)?.fallbacks ?? [];
  }

  /** Whether `model` sent as-is would reach `provider` as `upstreamModel` (for /v1/models ids). */
  reachesAsIs(model: string, provider: ProviderConfig): boolean {
    try {
      return this.targets(model).some((target) => target.provider === provider && target.upstreamModel === model);
    } catch {
      return false;
    }
  }

  private routeTargets({ route, fixed }: CompiledRoute, model: string): RouteTarget[] {
    const specs = route.targets;
    return fixed.map(
      (target, index) =>
        target ?? {
          provider: this.providers[specs ? specs[index]!.provider : route.provider!]!,
          upstreamModel: model,
          route,
          weight: specs ? specs[index]!.weight : 1,
        },
    );
  }
}

function modelNotFound(model: string, prefix: string | undefined): ProxyError {
  const hint = prefix
    ? ` No provider named '${prefix}' is configured and no route matches the model.`
    : " No route or provider matches it.";
  return new ProxyError(404, `The model \`${model}\` does not exist or you do not have access to it.${hint}`, {
    type: "invalid_request_error",
    code: "model_not_found",
  });
}
