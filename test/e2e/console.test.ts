import type { ServerResponse } from "node:http";
import OpenAI from "openai";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminClient, MASTER_KEY, STATE_SECRET } from "../helpers/admin.js";
import { type Browser, launchBrowser } from "../helpers/browser.js";
import { chatAnswers } from "../helpers/chat-answers.js";
import { expectAccessible, expectFitsNarrowWindow, focused, screenshot } from "../helpers/console-page.js";
import { useMockUpstream, type RecordedRequest } from "../helpers/mock-upstream.js";
import { useTestProxy } from "../helpers/proxy.js";
import { useTemporarySqlite } from "../helpers/state.js";

/**
 * The console in Debian's Chromium against the real proxy (admin API, state store, routing) with
 * mock upstreams: an OpenAI-compatible API and an Ollama that follow their published formats.
 * The tests run in order, as one person's session: each picks up where the last left the page.
 */

const chromium = inject("chromium");
const CONFIG_KEY = "sk-config-provider-0123456789abcdef";
const BROKEN_KEY = "sk-broken-provider-0123456789abcdef";
const STORED_KEY = "sk-stored-provider-abcdefghijklmnop";

/** Ollama's `/api/pull` stream (its API documentation's lines), held halfway until the test has seen the bar there. */
class PullGate {
  reachedHalf = deferred();
  release = deferred();
}
const gate = new PullGate();

/** Node 20 has no Promise.withResolvers. */
function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const installed = [
  {
    name: "llama3.2:latest",
    model: "llama3.2:latest",
    modified_at: "2026-11-20T10:00:00.000000+00:00",
    size: 2_019_393_189,
    digest: "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
    details: {
      parent_model: "",
      format: "gguf",
      family: "llama",
      families: ["llama"],
      parameter_size: "3.2B",
      quantization_level: "Q4_K_M",
    },
  },
];

const ollama = useMockUpstream({
  "GET /api/tags": (_request, res) => json(res, 200, { models: installed }),
  "POST /api/pull": async (request, res) => {
    const model = request.json().model as string;
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    const line = (value: object) => res.write(`${JSON.stringify(value)}\n`);
    const layer = { digest: "sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa", total: 522_653_766 };
    line({ status: "pulling manifest" });
    line({ status: "pulling 6a0746a1ec1a", ...layer });
    line({ status: "pulling 6a0746a1ec1a", ...layer, completed: 130_663_441 });
    line({ status: "pulling 6a0746a1ec1a", ...layer, completed: 261_326_883 });
    gate.reachedHalf.resolve();
    await gate.release.promise;
    line({ status: "pulling 6a0746a1ec1a", ...layer, completed: layer.total });
    line({ status: "verifying sha256 digest" });
    line({ status: "writing manifest" });
    line({ status: "success" });
    res.end();
    installed.push({ ...installed[0]!, name: model, model, size: layer.total, digest: layer.digest.slice(7) });
  },
  "DELETE /api/delete": (request, res) => {
    const index = installed.findIndex((entry) => entry.name === request.json().model);
    if (index === -1) return json(res, 404, { error: `model '${request.json().model}' not found` });
    installed.splice(index, 1);
    res.writeHead(200).end();
  },
});

const answer = chatAnswers({ prompt_tokens: 1200, completion_tokens: 300 });
const openai = useMockUpstream({
  "POST /v1/chat/completions": (request, res) => {
    if (request.headers.authorization === `Bearer ${BROKEN_KEY}`) {
      return json(res, 401, {
        error: {
          message: "Incorrect API key provided: sk-brok************cdef.",
          type: "invalid_request_error",
          param: null,
          code: "invalid_api_key",
        },
      });
    }
    return answer(request, res);
  },
});

const stateUrl = useTemporarySqlite();
const proxy = useTestProxy(
  () => `
auth:
  master_key: ${MASTER_KEY}
cache: { mode: all }
state:
  url: "${stateUrl}"
  secret: ${STATE_SECRET}
  flush_seconds: 0.2
  poll_seconds: 0.2
providers:
  openai: { type: openai, base_url: "${openai.url}/v1", api_key: ${CONFIG_KEY}, models: [gpt-4o-mini] }
  broken: { type: openai, base_url: "${openai.url}/v1", api_key: ${BROKEN_KEY}, models: [broken-model] }
  ollama: { type: ollama, base_url: "${ollama.url}" }
`,
);
const admin = adminClient(() => proxy.url);

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const chatRequests = (key: string) =>
  openai.requests.filter((request: RecordedRequest) => request.headers.authorization === `Bearer ${key}`);

describe.skipIf(!chromium)("the console in Chromium", { timeout: 60_000 }, () => {
  let browser: Browser;
  let page: Page;
  let secret = "";

  beforeAll(async () => {
    browser = await launchBrowser(chromium!);
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: proxy.url });
    page = await browser.context.newPage();
    // A step that does not happen within seconds will not happen: fail with its own message, not the test's timeout.
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The text of each cell of a row (screen-reader-only words included). */
  const cells = (locator: ReturnType<Page["locator"]>) => locator.locator(":scope > th, :scope > td").allTextContents();
  const heading = (name: string) => page.getByRole("heading", { level: 1, name });
  const row = (name: string) => page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${name}\\b`) }) });
  const openView = async (label: string, title: string) => {
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: label }).click();
    await heading(title).waitFor();
    expect(await page.title()).toBe(`${title} · llm-proxy console`);
    await expect.poll(() => focused(page)).toMatch(/^h1/);
  };

  it("signs in with the master key only, and keeps it for the tab's session", async () => {
    await page.goto(`${proxy.url}/ui/`);
    await heading("llm-proxy console").waitFor();
    expect(await page.title()).toBe("Sign in · llm-proxy console");
    await expectAccessible(page);
    await screenshot(page, "sign-in");

    const keyField = page.getByLabel("Master key");
    await expect.poll(() => focused(page)).toMatch(/^input/);
    await keyField.fill("sk-not-the-master-key-at-all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("The proxy refused this key: it is not the master key.").waitFor();
    expect(await keyField.getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page);

    await keyField.fill(MASTER_KEY);
    await keyField.press("Enter");
    await heading("Providers").waitFor();
    expect(await page.title()).toBe("Providers · llm-proxy console");
    expect(await page.evaluate(() => ({ ...(globalThis as any).sessionStorage }))).toEqual({ "llm-proxy.master-key": MASTER_KEY });
    expect(await page.evaluate(() => (globalThis as any).localStorage.length)).toBe(0);

    await page.reload();
    await heading("Providers").waitFor();
  });

  it("lists config.yaml's providers with their keys masked", async () => {
    await row("openai").waitFor();
    expect((await cells(row("openai"))).slice(0, 6)).toEqual([
      "openaiconfig.yaml",
      "openai",
      `${openai.url}/v1`,
      "sk-...cdef",
      "gpt-4o-mini",
      "On",
    ]);
    expect(await row("ollama").getByRole("link", { name: "Models of ollama" }).getAttribute("href")).toBe("/ui/ollama?provider=ollama");
    expect(await page.content()).not.toContain(CONFIG_KEY);
    // Config providers are toggled and tested here, edited in the file.
    expect(
      await row("openai")
        .getByRole("button", { name: /Delete|Edit/ })
        .count(),
    ).toBe(0);
    await expectAccessible(page);
    await expectFitsNarrowWindow(page);
    await screenshot(page, "providers");
  });

  it("adds a provider, showing the API's validation message beside the field it names", async () => {
    await page.getByRole("button", { name: "Add provider" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a provider" });
    await dialog.waitFor();
    await expect.poll(() => focused(page)).toMatch(/^input/);
    await dialog.getByLabel("Name").fill("backup");
    await dialog.getByLabel("Base URL").fill("ftp://files.example");
    await dialog.getByLabel("API key").fill(STORED_KEY);
    await dialog.getByLabel("Models").fill("backup-model");
    await dialog.getByRole("button", { name: "Add provider" }).click();

    const baseUrl = dialog.getByLabel("Base URL");
    await expect.poll(() => baseUrl.getAttribute("aria-invalid")).toBe("true");
    const described = await baseUrl.evaluate(
      (input: any) => input.ownerDocument.getElementById(input.getAttribute("aria-describedby").split(" ")[0]).textContent,
    );
    expect(described).toMatch(/http/);
    await expect.poll(() => focused(page)).toMatch(/^input/);
    await expect.poll(() => baseUrl.evaluate((input: any) => input === input.ownerDocument.activeElement)).toBe(true);
    await expectAccessible(page);
    await screenshot(page, "provider-form");

    await baseUrl.fill(`${openai.url}/v1`);
    await dialog.getByRole("button", { name: "Add provider" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("status").filter({ hasText: "Added provider backup." }).waitFor();
    expect((await cells(row("backup"))).slice(0, 6)).toEqual([
      "backupstored",
      "openai",
      `${openai.url}/v1`,
      "sk-...mnop",
      "backup-model",
      "On",
    ]);
    expect((await admin.get("/admin/providers/backup")).json()).toMatchObject({
      source: "store",
      api_key: "sk-...mnop",
      models: ["backup-model"],
    });
  });

  it("tests connections: OK with the latency, or the upstream's error", async () => {
    await row("backup").getByRole("button", { name: "Test backup" }).click();
    await row("backup")
      .getByText(/^OK · \d+ ms · backup-model$/)
      .waitFor();
    const call = chatRequests(STORED_KEY).at(-1)!;
    expect(call.json()).toMatchObject({ model: "backup-model", messages: [{ role: "user", content: "Answer with the word OK." }] });

    await row("broken").getByRole("button", { name: "Test broken" }).click();
    await row("broken")
      .getByText(/^Failed \(401\): Incorrect API key provided: .* · \d+ ms · broken-model$/)
      .waitFor();
    expect(await page.content()).not.toContain(BROKEN_KEY);
  });

  it("edits a stored provider, keeping its key when none is typed", async () => {
    await row("backup").getByRole("button", { name: "Edit backup" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit provider backup" });
    await dialog.waitFor();
    expect(await dialog.getByLabel("Name").count()).toBe(0);
    expect(await dialog.getByLabel("Base URL").inputValue()).toBe(`${openai.url}/v1`);
    expect(await dialog.getByLabel("API key").inputValue()).toBe("");
    await dialog.getByText("Stored: sk-...mnop. Leave empty to keep it.").waitFor();
    await dialog.getByLabel("Models").fill("backup-model\nbackup-large");
    await dialog.getByLabel("Idle").fill("120000");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("status").filter({ hasText: "Saved provider backup." }).waitFor();
    expect((await cells(row("backup")))[4]).toBe("backup-modelbackup-large");
    expect((await admin.get("/admin/providers/backup")).json()).toMatchObject({
      api_key: "sk-...mnop",
      models: ["backup-model", "backup-large"],
      timeouts: { idle_ms: 120000 },
    });
    await row("backup").getByRole("button", { name: "Test backup" }).click();
    await row("backup")
      .getByText(/^OK · \d+ ms · backup-model$/)
      .waitFor();
    expect(chatRequests(STORED_KEY)).toHaveLength(2);
  });

  it("turns a provider off and on again, and requests follow at once", async () => {
    const client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: MASTER_KEY, maxRetries: 0 });
    const ask = () => client.chat.completions.create({ model: "backup/backup-model", messages: [{ role: "user", content: "Hi" }] });
    const toggle = row("backup").getByRole("switch", { name: "backup enabled" });
    expect(await toggle.getAttribute("aria-checked")).toBe("true");

    await toggle.click();
    await expect.poll(() => toggle.getAttribute("aria-checked")).toBe("false");
    await expect(ask()).rejects.toMatchObject({ status: 404 });

    await toggle.press("Space");
    await expect.poll(() => toggle.getAttribute("aria-checked")).toBe("true");
    expect((await ask()).choices[0]!.message.content).toBe("Hello!");
  });

  it("deletes a provider once confirmed; Escape cancels and gives the focus back", async () => {
    const deleteButton = row("backup").getByRole("button", { name: "Delete backup" });
    await deleteButton.click();
    const dialog = page.getByRole("dialog", { name: "Delete provider backup?" });
    await dialog.waitFor();
    await expect.poll(() => focused(page)).toBe("button:Cancel");
    // Tab goes round the dialog's own controls, never behind it.
    const seen = [];
    for (let step = 0; step < 5; step++) {
      await page.keyboard.press("Tab");
      seen.push(await focused(page));
    }
    expect(seen).toEqual(["button:Delete", "button:Close", "button:Cancel", "button:Delete", "button:Close"]);
    await expectAccessible(page);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => deleteButton.evaluate((button: any) => button === button.ownerDocument.activeElement)).toBe(true);

    await deleteButton.press("Enter");
    await dialog.getByRole("button", { name: "Delete" }).click();
    await dialog.waitFor({ state: "detached" });
    await row("backup").waitFor({ state: "detached" });
    expect((await admin.get("/admin/providers/backup")).status).toBe(404);
  });
  it("creates the standard providers when none is stored", async () => {
    await page.getByRole("button", { name: "Initialize defaults" }).click();
    const created = page.getByRole("status").filter({ hasText: /^Created \d+ providers: / });
    await created.waitFor();
    // The shipped set, less the names config.yaml already has.
    expect(await created.textContent()).toContain("anthropic");
    expect(await created.textContent()).not.toMatch(/\bopenai\b/);
    await row("anthropic").getByText("stored").waitFor();
    expect(await page.getByRole("button", { name: "Initialize defaults" }).count()).toBe(0);
    await expectAccessible(page);
  });

  it("pulls an Ollama model with a live progress bar, and deletes one", async () => {
    await openView("Ollama models", "Ollama models");
    await row("llama3.2:latest").waitFor();
    expect((await cells(row("llama3.2:latest"))).slice(0, 4)).toEqual(["llama3.2:latest", "2 GB", "3.2B", "Q4_K_M"]);
    await expectAccessible(page);
    await expectFitsNarrowWindow(page);

    await page.getByLabel("Model", { exact: true }).fill("qwen3:0.6b");
    await page.getByRole("button", { name: "Pull" }).click();
    await gate.reachedHalf.promise;
    const bar = page.getByRole("progressbar");
    await expect.poll(() => bar.evaluate((element: any) => element.value)).toBe(0.5);
    expect(await bar.getAttribute("aria-valuetext")).toBe("50%");
    await page.getByText("Pulling qwen3:0.6b: pulling 6a0746a1ec1a").waitFor();
    await page.getByText("50% · 261.3 MB of 522.7 MB").waitFor();
    await expectAccessible(page);
    await screenshot(page, "ollama");
    gate.release.resolve();
    await bar.waitFor({ state: "detached" });
    await page.getByRole("status").filter({ hasText: "Pulled qwen3:0.6b." }).waitFor();
    await row("qwen3:0.6b").waitFor();
    expect(ollama.requests.find((request) => request.url === "/api/pull")!.json()).toMatchObject({ model: "qwen3:0.6b" });

    await row("llama3.2:latest").getByRole("button", { name: "Delete llama3.2:latest" }).click();
    await page.getByRole("dialog", { name: "Delete llama3.2:latest?" }).getByRole("button", { name: "Delete model" }).click();
    await row("llama3.2:latest").waitFor({ state: "detached" });
    const deleted = ollama.requests.filter((request) => request.method === "DELETE");
    expect(deleted.map((request) => [request.url, request.json()])).toEqual([["/api/delete", { model: "llama3.2:latest" }]]);
  });

  it("creates a key whose secret is shown once, with a copy button", async () => {
    await openView("Keys", "Keys");
    await page.getByText("No keys yet").waitFor();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Create key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create a key" });
    await dialog.getByLabel("Name").fill("frontend");
    await dialog.getByLabel("Models").fill("gpt-4o-mini\nollama/*");
    await dialog.getByLabel("Requests per minute").fill("60");
    await dialog.getByLabel("Budget (USD)").fill("5");
    await dialog.getByRole("button", { name: "Create key" }).click();

    const created = page.getByRole("dialog", { name: "Key frontend created" });
    const secretField = created.getByLabel("Secret");
    await secretField.waitFor();
    secret = await secretField.inputValue();
    expect(secret).toMatch(/^sk-/);
    await expect.poll(() => focused(page)).toBe("input#created-secret:");
    await created.getByRole("button", { name: "Copy" }).click();
    await created.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toBe(secret);
    await expectAccessible(page);
    await screenshot(page, "key-created");
    await created.getByRole("button", { name: "Done" }).click();
    await created.waitFor({ state: "detached" });

    const frontend = row("frontend");
    await frontend.waitFor();
    expect((await cells(frontend)).slice(0, 6)).toEqual([
      "frontend",
      `sk-llmp-...${secret.slice(-4)}`,
      "gpt-4o-mini, ollama/*",
      "60 req/min",
      "$5.00 / month",
      expect.stringMatching(/^\$0\.00 of \$5\.00/),
    ]);
    expect(await page.content()).not.toContain(secret);
  });

  it("shows the usage of the traffic just sent, by key and by model, with what the cache saved", async () => {
    const client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: secret, maxRetries: 0 });
    // Three calls upstream, and a fourth the cache answers.
    for (const content of ["Hello 0", "Hello 1", "Hello 2", "Hello 0"]) {
      await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content }] });
    }
    expect(chatRequests(CONFIG_KEY)).toHaveLength(3);
    await openView("Usage", "Usage");
    // Spend is written to the store every state.flush_seconds; Refresh until it shows.
    await expect
      .poll(
        async () => {
          await page.getByRole("button", { name: "Refresh" }).click();
          return page.getByRole("heading", { name: "By key" }).count();
        },
        { timeout: 10_000, interval: 300 },
      )
      .toBe(1);
    // gpt-4o-mini at $0.15 / $0.60 per million tokens: 1,200 in and 300 out cost $0.00036 a call.
    const tiles = await page.locator(".tile").allTextContents();
    expect(tiles).toEqual([
      "Requests5",
      "Input tokens4,800",
      "Output tokens1,200",
      "Cost$0.0011",
      "Cache hits1",
      "Saved by the cache$0.00036",
    ]);
    const table = (column: string) =>
      page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: column, exact: true }) });
    const rows = async (column: string) => Promise.all((await table(column).getByRole("row").all()).slice(1).map(cells));
    expect(await rows("Key")).toEqual([
      ["frontend", "4", "3,600", "900", "$0.0011", "1", "$0.00036"],
      // The master key's call of the toggle test, to a model without a price.
      ["master", "1", "1,200", "300", "$0.00", "0", "$0.00"],
    ]);
    expect(await rows("Model")).toEqual([
      ["openai/gpt-4o-mini", "4", "3,600", "900", "$0.0011", "1", "$0.00036"],
      ["backup/backup-model", "1", "1,200", "300", "$0.00", "0", "$0.00"],
    ]);
    await page
      .getByRole("img", { name: "Requests by model: 5 requests in all over 24 periods; the most from openai/gpt-4o-mini." })
      .waitFor();
    // Two models in one hour: two segments each for requests and tokens, one for cost (backup-model has no price).
    expect(await page.locator("svg.chart-svg rect").count()).toBe(5);
    await expectAccessible(page);
    await expectFitsNarrowWindow(page);
    await screenshot(page, "usage");

    await page.getByLabel("Key", { exact: true }).check();
    await page.getByRole("img", { name: /^Cost by key: \$0\.0011 in all/ }).waitFor();
    await page.getByLabel("Period", { exact: true }).selectOption("7d");
    await page.getByRole("img", { name: "Requests by key: 5 requests in all over 7 periods; the most from frontend." }).waitFor();
  });

  it("shows each key's spend this period against its budget, and revokes a key", async () => {
    await openView("Keys", "Keys");
    const frontend = row("frontend");
    await expect.poll(async () => (await cells(frontend))[5]).toMatch(/^\$0\.0011 of \$5\.00/);
    expect(await frontend.getByRole("meter").getAttribute("aria-label")).toBe("frontend: 0% of its budget spent");
    await screenshot(page, "keys");

    await frontend.getByRole("button", { name: "Revoke frontend" }).click();
    await page.getByRole("dialog", { name: "Revoke key frontend?" }).getByRole("button", { name: "Revoke" }).click();
    await frontend.waitFor({ state: "detached" });
    await page.getByText("No active keys").waitFor();
    await page.getByLabel("Show revoked keys (1)").check();
    await row("frontend")
      .getByText(/^revoked /)
      .waitFor();

    const client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: secret, maxRetries: 0 });
    const status = () =>
      client.models.list().then(
        () => 200,
        (error: { status: number }) => error.status,
      );
    await expect.poll(status, { timeout: 5_000 }).toBe(401);
  });

  it("signs out, forgetting the key", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await heading("llm-proxy console").waitFor();
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.length)).toBe(0);
    await page.reload();
    await heading("llm-proxy console").waitFor();
  });

  it("asked nothing of another host, and logged no error but the two refusals it provoked", async () => {
    const origins = new Set(browser.requests.map((url) => new URL(url).origin));
    expect([...origins]).toEqual([proxy.url]);
    expect(browser.errors).toEqual([
      `console: Failed to load resource: the server responded with a status of 401 () (${proxy.url}/admin/providers)`,
      `console: Failed to load resource: the server responded with a status of 400 () (${proxy.url}/admin/providers)`,
    ]);
  });
});
