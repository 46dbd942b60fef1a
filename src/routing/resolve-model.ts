import { ProxyError } from "../errors.js";
import type { Config, ProviderConfig, RouteConfig } from "../config/schema.js";
import { globToRegExp } from "../lib/glob.js";

export interface RouteTarget {
  provider: ProviderConfig;
  /** The model name the upstream receives. */
  upstreamModel: string;
  /** The route that matched, when one did (absent for `provider/model` and listed models). */
  route: RouteConfig | undefined;
}

interface CompiledRoute {
  route: RouteConfig;
  pattern: RegExp;
}

/**
 * Model name → provider and upstream model. Order, most specific first:
 * 1. `provider/model`, where `provider` is a configured provider name;
 * 2. a model listed by exactly one provider's `models` (the first provider listing it wins);
 * 3. the first route whose glob matches.
 */
export class ModelResolver {
  private readonly providers: Record<string, ProviderConfig>;
  private readonly routes: CompiledRoute[];
  private readonly listed = new Map<string, ProviderConfig>();

  constructor(config: Pick<Config, "providers" | "routes">) {
    this.providers = config.providers;
    this.routes = config.routes.map((route) => ({ route, pattern: globToRegExp(route.match) }));
    for (const provider of Object.values(config.providers)) {
      for (const model of provider.models ?? []) if (!this.listed.has(model)) this.listed.set(model, provider);
    }
  }

  resolve(model: string): RouteTarget {
    const slash = model.indexOf("/");
    if (slash > 0) {
      const provider = this.providers[model.slice(0, slash)];
      const upstreamModel = model.slice(slash + 1);
      if (provider && Object.hasOwn(this.providers, provider.name) && upstreamModel) {
        return { provider, upstreamModel, route: undefined };
      }
    }
    const listedBy = this.listed.get(model);
    if (listedBy) return { provider: listedBy, upstreamModel: model, route: undefined };
    for (const { route, pattern } of this.routes) {
      if (pattern.test(model)) return { provider: this.providers[route.provider]!, upstreamModel: route.model ?? model, route };
    }
    throw modelNotFound(model, slash > 0 ? model.slice(0, slash) : undefined);
  }

  /** Whether `model` sent as-is would reach `provider` as `upstreamModel` (for /v1/models ids). */
  reachesAsIs(model: string, provider: ProviderConfig): boolean {
    try {
      const target = this.resolve(model);
      return target.provider === provider && target.upstreamModel === model;
    } catch {
      return false;
    }
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
