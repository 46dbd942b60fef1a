import { readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { adminClient, expectError, MASTER_KEY, STATE_SECRET } from "../helpers/admin.js";
import { useMockUpstream, type RecordedRequest } from "../helpers/mock-upstream.js";
import { useTestProxy } from "../helpers/proxy.js";
import { useTemporarySqlite } from "../helpers/state.js";

const CLOUD_KEY = "ollama-cloud-key-0123456789abcdef";
const recordedTags = JSON.parse(readFileSync(new URL("../fixtures/ollama/tags.json", import.meta.url), "utf8")) as { models: object[] };

/**
 * A mock Ollama that follows its documented API (docs/api.md): `GET /api/tags`, `POST /api/pull`
 * streaming NDJSON progress (the manifest, downloads with digest/total/completed, verifying,
 * writing, removing, success; an `{"error"}` line when it fails), `DELETE /api/delete` answering
 * 404 for a model it does not have.
 */
function useMockOllama() {
  const installed = [...recordedTags.models] as { name: string }[];
  let release: () => void = () => {};
  const upstream = useMockUpstream({
    "GET /api/tags": (_request, res) => json(res, 200, { models: installed }),
    "POST /api/pull": async (request, res) => {
      const { model } = request.json() as { model: string };
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      const line = (value: object) => res.write(`${JSON.stringify(value)}\n`);
      line({ status: "pulling manifest" });
      if (model === "missing") {
        res.end(`${JSON.stringify({ error: "pull model manifest: file does not exist" })}\n`);
        return;
      }
      // The rest waits until the test has seen the first line: proof that the relay does not hold lines back.
      await new Promise<void>((resolve) => (release = resolve));
      const digest = "sha256:dde5aa3fc5ffc17176b5e8bdc82f587b24b2678c6c66101bf7da77af9f7ccdff";
      for (const completed of [0, 1_000_000, 2_019_393_189])
        line({ status: `pulling ${digest.slice(7, 19)}`, digest, total: 2_019_393_189, completed });
      if (model === "cut") {
        res.destroy();
        return;
      }
      for (const status of ["verifying sha256 digest", "writing manifest", "removing any unused layers"]) line({ status });
      installed.push({ name: `${model}:latest` });
      res.end(`${JSON.stringify({ status: "success" })}\n`);
    },
    "DELETE /api/delete": (request, res) => {
      const { model } = request.json() as { model: string };
      const at = installed.findIndex((entry) => entry.name === model);
      if (at === -1) return json(res, 404, { error: `model '${model}' not found` });
      installed.splice(at, 1);
      res.writeHead(200);
      res.end();
    },
  });
  return { upstream, releasePull: () => release() };
}

function json(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Reads an NDJSON answer line by line, calling `onLine` as each arrives. */
async function readLines(response: Response, onLine: (line: object) => void): Promise<object[]> {
  const lines: object[] = [];
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf("\n");
    while (newline !== -1) {
      const line = JSON.parse(pending.slice(0, newline)) as object;
      pending = pending.slice(newline + 1);
      lines.push(line);
      onLine(line);
      newline = pending.indexOf("\n");
    }
  }
  expect(pending).toBe("");
  return lines;
}

describe("Ollama model routes", () => {
  const ollama = useMockOllama();
  const stateUrl = useTemporarySqlite();
  const proxy = useTestProxy(
    () => `
providers:
  local: { type: ollama, base_url: "${ollama.upstream.url}" }
  openai: { type: openai, base_url: "${ollama.upstream.url}/v1" }
auth: { master_key: ${MASTER_KEY} }
state: { url: "${stateUrl}", secret: ${STATE_SECRET} }
`,
  );
  const admin = adminClient(() => proxy.url);
  const pull = (body: object) =>
    fetch(`${proxy.url}/admin/ollama/pull`, {
      method: "POST",
      headers: { authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("lists the installed models from /api/tags", async () => {
    const response = await admin.get("/admin/ollama/models?provider=local");
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({
      object: "list",
      data: recordedTags.models.map((model) => {
        const { name, size, digest, modified_at, details } = model as Record<string, unknown>;
        return { name, size, digest, modified_at, details };
      }),
    });
  });

  it("refuses what is not an Ollama provider (400), an unknown one (404), a missing name (400)", async () => {
    expectError(await admin.get("/admin/ollama/models?provider=openai"), 400, { param: "provider" });
    expectError(await admin.get("/admin/ollama/models?provider=nope"), 404, { param: "provider", code: "not_found" });
    expectError(await admin.get("/admin/ollama/models"), 400, { param: "provider" });
    expectError(await admin.post("/admin/ollama/pull", { provider: "local" }), 400, { param: "model" });
    expectError(await admin.post("/admin/ollama/pull", { provider: "local", model: "x", insecure: true }), 400, { param: "insecure" });
  });

  it("streams a pull's progress as NDJSON, line by line as Ollama sends it, and lists the model after", async () => {
    const before = (await admin.get("/v1/models")).json().data.map((model: { id: string }) => model.id);
    expect(before).not.toContain("local/qwen3:latest");
    const response = await pull({ provider: "local", model: "qwen3" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = await readLines(response, (line) => {
      if ((line as { status: string }).status === "pulling manifest") ollama.releasePull();
    });
    expect(lines.map((line) => (line as { status: string }).status)).toEqual([
      "pulling manifest",
      "pulling dde5aa3fc5ff",
      "pulling dde5aa3fc5ff",
      "pulling dde5aa3fc5ff",
      "verifying sha256 digest",
      "writing manifest",
      "removing any unused layers",
      "success",
    ]);
    expect(lines[2]).toEqual({
      status: "pulling dde5aa3fc5ff",
      digest: "sha256:dde5aa3fc5ffc17176b5e8bdc82f587b24b2678c6c66101bf7da77af9f7ccdff",
      total: 2_019_393_189,
      completed: 1_000_000,
    });
    expect(ollama.upstream.requests.at(-1)!.json()).toEqual({ model: "qwen3", stream: true });
    const after = (await admin.get("/v1/models")).json().data.map((model: { id: string }) => model.id);
    expect(after).toContain("local/qwen3:latest");
    expect(proxy.logs.some((line) => line.includes('"action":"ollama.pull"'))).toBe(true);
  });

  it("ends a pull that fails mid-way with one line in OpenAI's error shape", async () => {
    const missing = await readLines(await pull({ provider: "local", model: "missing" }), () => {});
    expect(missing).toEqual([
      { status: "pulling manifest" },
      { error: { message: "Ollama: pull model manifest: file does not exist", type: "upstream_error", param: null, code: null } },
    ]);
    const cut = await readLines(await pull({ provider: "local", model: "cut" }), (line) => {
      if ((line as { status?: string }).status === "pulling manifest") ollama.releasePull();
    });
    expect(cut.at(-1)).toEqual({ error: expect.objectContaining({ type: "upstream_error", code: "upstream_stream_error" }) });
    expect(cut.some((line) => (line as { status?: string }).status === "success")).toBe(false);
  });

  it("deletes a model through /api/delete, and answers 404 for one Ollama does not have", async () => {
    const deleted = await admin.post("/admin/ollama/delete", { provider: "local", model: "qwen3:latest" });
    expect(deleted.status).toBe(200);
    expect(deleted.json()).toEqual({ model: "qwen3:latest", deleted: true });
    const request = ollama.upstream.requests.at(-1) as RecordedRequest;
    expect([request.method, request.url, request.json()]).toEqual(["DELETE", "/api/delete", { model: "qwen3:latest" }]);
    expect((await admin.get("/v1/models")).json().data.map((model: { id: string }) => model.id)).not.toContain("local/qwen3:latest");
    expectError(await admin.post("/admin/ollama/delete", { provider: "local", model: "qwen3:latest" }), 404, { param: "model" });
  });

  it("calls a keyed Ollama (ollama.com) with its key, made through the admin API", async () => {
    expect(
      (await admin.post("/admin/providers", { name: "cloud", type: "ollama", base_url: ollama.upstream.url, api_key: CLOUD_KEY })).status,
    ).toBe(201);
    expect((await admin.get("/admin/ollama/models?provider=cloud")).status).toBe(200);
    expect(ollama.upstream.requests.at(-1)!.headers.authorization).toBe(`Bearer ${CLOUD_KEY}`);
  });
});
