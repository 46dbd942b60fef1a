import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import axe from "axe-core";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/**
 * Debian's Chromium, headless, with every background connection to Google's hosts turned off:
 * this machine's network refuses them, and a test must see only the page's own requests.
 */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  /** Every URL any page asked for, in order. */
  requests: string[];
  /** Console errors and uncaught exceptions of every page (a CSP violation is one). */
  errors: string[];
  close(): Promise<void>;
}

/** A browser with a new, empty profile of its own, removed on close. */
export async function launchBrowser(executablePath: string, viewport = { width: 1280, height: 900 }): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), "llm-proxy-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale: "en-US",
    timezoneId: "UTC",
  });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on("request", (request) => void requests.push(request.url()));
  const watch = (page: Page) => {
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on("pageerror", (error) => void errors.push(`page: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  return {
    context,
    requests,
    errors,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations on the page as it stands. The library is evaluated
 * through the DevTools protocol, which the page's CSP does not govern (a `<script>` it would block).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // The callbacks run in the page, where `globalThis` is its window.
  if (!(await page.evaluate(() => "axe" in globalThis))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const page = globalThis as any;
    const { violations } = await page.axe.run(page.document, { resultTypes: ["violations"] });
    return violations.map((violation: any) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node: any) => node.target.join(" ")),
    }));
  });
  return (violations as AxeViolation[]).filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}
