import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export interface Loaded<T> {
  /** The last data that arrived; kept while a reload runs, so the page does not flicker. */
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/** Loads `load()` now and whenever `deps` change or reload() is called; only the latest call's answer counts. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: Error | undefined; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const generation = useRef(0);
  const run = useCallback(() => {
    const current = ++generation.current;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => current === generation.current && setState({ data, error: undefined, loading: false }),
      (error: Error) => current === generation.current && setState((previous) => ({ data: previous.data, error, loading: false })),
    );
    // The caller names what `load` depends on, as with useEffect.
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
}
