import { defineHandler, type EventHandler } from "h3";
import type { AppContext } from "../app-context.js";

/** Liveness: the process answers. */
export const healthRoute: EventHandler = defineHandler(() => ({ status: "ok" }));

/** Readiness: config loaded, not shutting down, and every store the proxy depends on answering. */
export function readyRoute(app: AppContext): EventHandler {
  return defineHandler(async (event) => {
    const checks = await Promise.all(
      app.readinessChecks.map(async (check) => {
        try {
          return { name: check.name, ok: await check.run() };
        } catch {
          return { name: check.name, ok: false };
        }
      }),
    );
    const ready = !app.draining && checks.every((check) => check.ok);
    event.res.status = ready ? 200 : 503;
    return {
      status: ready ? "ready" : app.draining ? "draining" : "not_ready",
      checks: Object.fromEntries(checks.map((check) => [check.name, check.ok ? "ok" : "failing"])),
    };
  });
}
