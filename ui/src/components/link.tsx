import type { ComponentChildren } from "preact";
import { navigate } from "../router.js";

interface LinkProps {
  href: string;
  class?: string;
  /** Marks the link of the view being shown (`aria-current="page"`). */
  current?: boolean;
  children: ComponentChildren;
}

/** A real link (open in a new tab works) that moves within the console without reloading it. */
export function Link({ href, class: className, current, children }: LinkProps) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} class={className} aria-current={current ? "page" : undefined} onClick={onClick}>
      {children}
    </a>
  );
}
