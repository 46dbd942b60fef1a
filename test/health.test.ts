import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestProxy, type TestProxy } from "./helpers/proxy.js";

let proxy: TestProxy;
beforeAll(async () => {
  proxy = await startTestProxy("providers: {}");
});
afterAll(async () => {
  await proxy?.close();
});

describe("health endpoints", () => {
  it("answers /healthz while the process lives", async () => {
    const response = await proxy.get("/healthz");
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("answers /readyz 200 when every check passes and 503 when one fails", async () => {
    expect((await proxy.get("/readyz")).status).toBe(200);
    let up = false;
    proxy.app.readinessChecks.push({ name: "cache", run: async () => up });
    const down = await proxy.get("/readyz");
    expect(down.status).toBe(503);
    expect(down.json()).toEqual({ status: "not_ready", checks: { cache: "failing" } });
    up = true;
    expect((await proxy.get("/readyz")).json()).toEqual({ status: "ready", checks: { cache: "ok" } });
  });

  it("turns /readyz 503 while draining", async () => {
    proxy.app.draining = true;
    expect((await proxy.get("/readyz")).status).toBe(503);
    proxy.app.draining = false;
  });
});
