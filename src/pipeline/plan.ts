import { invalidRequest } from "../errors.js";
import type { Exchange } from "./types.js";

/**
 * Plan: the requested model → the deployments to try, in order. Today one: the resolved route.
 * A provider that does not serve the endpoint is refused here, before any upstream call. Fallback
 * models must pass `exchange.principal?.mayUse(model)`, as the requested one did in the admit stage.
 */
export function planCandidates<Request>(exchange: Exchange<Request>): void {
  const { spec, snapshot, outcome } = exchange;
  const target = snapshot.resolver.resolve(spec.model(exchange.request));
  outcome.provider = target.provider.name;
  outcome.model = target.upstreamModel;
  if (!spec.serves(exchange.app.adapterFor(target.provider.type))) {
    throw invalidRequest(
      `Provider '${target.provider.name}' (${target.provider.type}) does not serve ${spec.name}.`,
      "model",
      "unsupported_endpoint",
    );
  }
  exchange.candidates = [{ target, prepared: undefined }];
}
