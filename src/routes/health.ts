import { defineHandler, type EventHandler } from "h3";
import type { AppContext } from "../app-context.js";

/** Liveness: the process answers. */
export const healthRoute: EventHandler = defineHandler(() => ({ status: "ok" }));

/**
 * Readiness: config loaded (its version shown), not shutting down, and every store the proxy depends on answering.
 * A failing check that requests can do without (the shared cache: requests are then served
 * uncached) leaves the proxy ready but `degraded`; taking every replica out of the load balancer
 * because a shared Redis is down would turn a slower day into an outage.
 */
export function readyRoute(app: AppContext): EventHandler {
  return defineHandler(async (event) => {
    const checks = await Promise.all(
      app.readinessChecks.map(async (check) => {
        let ok: boolean;
        try {
          ok = await check.run();
        } catch {
          ok = false;
        }
        return { name: check.name, ok, critical: check.critical };
      }),
    );
    const ready = !app.draining && checks.every((check) => check.ok || !check.critical);
    event.res.status = ready ? 200 : 503;
    const status = app.draining ? "draining" : !ready ? "not_ready" : checks.every((check) => check.ok) ? "ready" : "degraded";
    return {
      status,
      checks: Object.fromEntries(checks.map((check) => [check.name, check.ok ? "ok" : "failing"])),
      // Which config this replica runs: after a reload, every replica should show the same.
      config: app.snapshot.version,
    };
  });
}
