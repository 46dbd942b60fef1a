import type { ComponentChildren, VNode } from "preact";
import type { Loaded } from "../use-load.js";
import { Empty, ErrorState, Loading } from "./states.js";

interface LoadedViewProps<T> {
  loaded: Loaded<T>;
  /** "providers": in "Loading providers…" and "The providers could not be loaded". */
  noun: string;
  isEmpty(data: T): boolean;
  emptyTitle: string;
  empty: ComponentChildren;
  children(data: T): VNode;
}

/** What a view shows of something it loads: loading, the error (with a retry), the empty state, or the data. */
export function LoadedView<T>({ loaded, noun, isEmpty, emptyTitle, empty, children }: LoadedViewProps<T>) {
  const { data, error, reload } = loaded;
  if (data === undefined) {
    return error ? (
      <ErrorState title={`The ${noun} could not be loaded`} error={error} onRetry={reload} />
    ) : (
      <Loading label={`Loading ${noun}…`} />
    );
  }
  if (isEmpty(data)) return <Empty title={emptyTitle}>{empty}</Empty>;
  return (
    <>
      {error && <ErrorState title={`The ${noun} could not be refreshed`} error={error} onRetry={reload} />}
      {children(data)}
    </>
  );
}

/** The header of a table's last column, which holds each row's buttons. */
export function ActionsHeader() {
  return (
    <th scope="col">
      <span class="visually-hidden">Actions</span>
    </th>
  );
}
