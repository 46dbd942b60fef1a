import { spawn } from "node:child_process";
import { expect, it } from "vitest";
import { openStateStore } from "../../src/state/store.js";
import { describeOnEachStore } from "../helpers/state-stores.js";

const STORE_MODULE = new URL("../../dist/state/store.js", import.meta.url).href;

/** A process of its own that opens the store (migrating it) and closes it: how replicas and --workers start. */
function openInProcess(url: string): Promise<{ code: number | null; stderr: string }> {
  const script = `import(${JSON.stringify(STORE_MODULE)}).then((m) => m.openStateStore(process.argv[1])).then((s) => s.close())`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script, url], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (part) => (stderr += part));
    child.once("exit", (code) => resolve({ code, stderr }));
  });
}

describeOnEachStore("opening one fresh state store from several processes at once", (stateUrl) => {
  it("migrates it once, and every one of them opens it", async () => {
    const runs = await Promise.all(Array.from({ length: 4 }, () => openInProcess(stateUrl())));
    expect(runs).toEqual(Array.from({ length: 4 }, () => ({ code: 0, stderr: "" })));
    const store = await openStateStore(stateUrl());
    expect(await store.db.selectFrom("providers").selectAll().execute()).toEqual([]);
    await store.close();
  });
});
