import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Api } from "./client.js";

export const ApiContext = createContext<Api | null>(null);

/** The signed-in session's admin API; views are rendered only inside a session. */
export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi outside a signed-in session");
  return api;
}
