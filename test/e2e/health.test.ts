import { describe, expect, it } from "vitest";
import { useTestProxy } from "../helpers/proxy.js";

/** /readyz names the running config by a 12-hex-digit hash. */
const CONFIG_VERSION = expect.stringMatching(/^[0-9a-f]{12}$/);

const proxy = useTestProxy(() => "providers: {}");

describe("health endpoints", () => {
  it("answers /healthz while the process lives", async () => {
    const response = await proxy.get("/healthz");
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("answers /readyz 200 when every check passes, 503 when a critical one fails, degraded otherwise", async () => {
    expect((await proxy.get("/readyz")).status).toBe(200);
    let storeUp = false;
    let cacheUp = false;
    proxy.app.readinessChecks.push({ name: "store", run: async () => storeUp, critical: true });
    proxy.app.readinessChecks.push({ name: "cache", run: async () => cacheUp, critical: false });
    const down = await proxy.get("/readyz");
    expect(down.status).toBe(503);
    expect(down.json()).toEqual({ status: "not_ready", checks: { store: "failing", cache: "failing" }, config: CONFIG_VERSION });
    storeUp = true;
    const degraded = await proxy.get("/readyz");
    expect(degraded.status).toBe(200);
    expect(degraded.json()).toEqual({ status: "degraded", checks: { store: "ok", cache: "failing" }, config: CONFIG_VERSION });
    cacheUp = true;
    expect((await proxy.get("/readyz")).json()).toEqual({ status: "ready", checks: { store: "ok", cache: "ok" }, config: CONFIG_VERSION });
    proxy.app.readinessChecks.splice(0);
  });

  it("turns /readyz 503 while draining", async () => {
    proxy.app.draining = true;
    expect((await proxy.get("/readyz")).status).toBe(503);
    proxy.app.draining = false;
  });
});
