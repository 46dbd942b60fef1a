import { describe, it } from "vitest";
import { postgresUrl, useTemporaryPostgres } from "./postgres.js";
import { useTemporarySqlite } from "./state.js";

export interface StateStoreCase {
  name: string;
  /** Whether the store can be had here (PostgreSQL may be absent outside CI). */
  available: boolean;
  /** For a describe block: a fresh store of this kind; the URL is known once the block starts. */
  use(): () => string;
}

/** The same suite on both state stores: a SQLite file, and a throwaway database on the real PostgreSQL. */
export const STATE_STORES: StateStoreCase[] = [
  {
    name: "a SQLite file",
    available: true,
    use: () => {
      const url = useTemporarySqlite();
      return () => url;
    },
  },
  {
    name: "PostgreSQL",
    available: Boolean(postgresUrl),
    use: () => {
      const database = useTemporaryPostgres();
      return () => database.url;
    },
  },
];

/** `suite` once per state store (skipped, saying why, where PostgreSQL is absent), with the URL of a fresh store of that kind. */
export function describeOnEachStore(title: string, suite: (stateUrl: () => string) => void): void {
  describe.each(STATE_STORES)(`${title} on $name`, (store) => {
    if (!store.available) {
      it.skip("needs PostgreSQL on 127.0.0.1:5432", () => {});
      return;
    }
    suite(store.use());
  });
}
