import type { AppContext } from "../app-context.js";
import type { Stage } from "./types.js";

/**
 * Admit, after validation and before any upstream call: rate limits and budgets. No stage until
 * limits are configured; the access layer adds the stage here.
 */
export function admissionStage<Request>(_app: AppContext): Stage<Request> | undefined {
  return undefined;
}
