import type { AppContext } from "../app-context.js";
import type { Stage } from "./types.js";

/**
 * Authenticate, before the body is read: who is asking. Open (no stage) until API keys are
 * configured; the access layer adds the stage here.
 */
export function authenticationStage<Request>(_app: AppContext): Stage<Request> | undefined {
  return undefined;
}
