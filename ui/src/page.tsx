import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";

export const PRODUCT = "llm-proxy";

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · ${PRODUCT} console`;
  }, [title]);
}

/** A view's frame: its title (in the tab and as the page's one h1, which takes focus after navigation) and its actions. */
export function Page({ title, actions, children }: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  useDocumentTitle(title);
  return (
    <>
      <div class="page-header">
        <h1 tabIndex={-1}>{title}</h1>
        {actions && <div class="page-actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}
