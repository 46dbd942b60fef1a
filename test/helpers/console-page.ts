import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { Page } from "playwright-core";
import { axeViolations } from "./browser.js";

/** `CONSOLE_SCREENSHOTS=1` writes each page's picture to docs/console/, where the README shows them. */
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS ? join(import.meta.dirname, "../../docs/console") : undefined;

/** No serious or critical axe-core violation on the page as it stands, named with the elements at fault when there is one. */
export async function expectAccessible(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((violation) => `${violation.impact} ${violation.id}: ${violation.help} (${violation.targets.join(", ")})`)).toEqual(
    [],
  );
}

/** Readable from 1,024 px wide up: at that width nothing makes the page scroll sideways. */
export async function expectFitsNarrowWindow(page: Page): Promise<void> {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 1024, height: 768 });
  const overflow = await page.evaluate(() => {
    const root = (globalThis as any).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
  await page.setViewportSize(size);
  expect(overflow).toBe(0);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The element that has the keyboard focus, as `tag#id` or `tag.text`. */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = (globalThis as any).document.activeElement;
    if (!element) return "none";
    return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}:${(element.getAttribute("aria-label") ?? element.textContent ?? "").trim().slice(0, 40)}`;
  });
}
