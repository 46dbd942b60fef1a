import { useEffect, useState } from "preact/hooks";

/** The console's views, each at its own path under /ui/, so a view can be bookmarked and reloaded. */
export type View = "providers" | "ollama" | "keys" | "usage";

export const VIEWS: readonly { view: View; label: string }[] = [
  { view: "providers", label: "Providers" },
  { view: "ollama", label: "Ollama models" },
  { view: "keys", label: "Keys" },
  { view: "usage", label: "Usage" },
];

const BASE = import.meta.env.BASE_URL;
const NAVIGATED = "llm-proxy:navigated";

export interface Route {
  view: View;
  query: URLSearchParams;
}

export function viewPath(view: View, query?: Record<string, string>): string {
  const search = query ? `?${new URLSearchParams(query).toString()}` : "";
  return `${BASE}${view}${search}`;
}

export function currentRoute(): Route {
  const name = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length).replace(/\/$/, "") : "";
  const view = VIEWS.find((entry) => entry.view === name)?.view ?? "providers";
  return { view, query: new URLSearchParams(location.search) };
}

/** Moves to another view without reloading the page (the server answers every view path with the same page). */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  dispatchEvent(new Event(NAVIGATED));
}

/** The route, updated on navigate() and on the browser's back and forward buttons. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    addEventListener("popstate", update);
    addEventListener(NAVIGATED, update);
    return () => {
      removeEventListener("popstate", update);
      removeEventListener(NAVIGATED, update);
    };
  }, []);
  return route;
}
