import type { TokenReservation } from "../access/admission.js";
import type { AppContext } from "../app-context.js";
import type { Stage } from "./types.js";

/**
 * Admit, after validation and before any upstream call: the key's model list, rate limits and the
 * budget (src/access/admission.ts). No stage when neither keys nor limits are configured.
 */
export function admissionStage<Request>(app: AppContext): Stage<Request> | undefined {
  const admissions = app.access?.admissions;
  if (!admissions) return undefined;
  return (exchange) => {
    const { spec, request } = exchange;
    let tokens: TokenReservation | undefined;
    const admitted = admissions.admit({
      principal: exchange.principal,
      model: spec.model(request),
      snapshot: exchange.snapshot,
      // Counted only when a TPM limit or a budget asks, and then once.
      tokens: spec.tokenReservation && (() => (tokens ??= spec.tokenReservation!(request))),
      headers: exchange.headers,
    });
    if (!(admitted instanceof Promise)) {
      exchange.admission = admitted;
      return;
    }
    return admitted.then((admission) => {
      exchange.admission = admission;
    });
  };
}
