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

/** The ProxyError `promise` rejects with; anything else, or fulfilment, fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<ProxyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProxyError)) throw new Error(`expected a ProxyError, got ${String(error)}`);
  return error;
}
