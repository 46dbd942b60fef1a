import { ProxyError } from "../../src/errors.js";

/** The ProxyError `fn` throws; anything else it throws, or nothing, fails the test. */
export function thrown(fn: () => unknown): ProxyError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProxyError) return error;
    throw error;
  }
  throw new Error("expected a ProxyError");
}
