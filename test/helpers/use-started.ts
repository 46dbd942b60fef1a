import { afterAll, beforeAll } from "vitest";

/**
 * Something the enclosing file or describe block needs running (a mock upstream, the proxy, an
 * image server): started before its tests, closed after them. The object is handed back at once,
 * for the tests to close over, and filled in when it has started. Hooks run in the order they
 * were declared, so what starts later may read what started earlier (a proxy's YAML names an
 * upstream's URL); they close in the reverse order.
 */
export function useStarted<T extends { close(): Promise<void> }>(start: () => Promise<T>): T {
  const started = {} as T;
  beforeAll(async () => {
    Object.assign(started, await start());
  });
  afterAll(async () => {
    // Absent when starting failed; that failure is the one to report.
    await started.close?.();
  });
  return started;
}
