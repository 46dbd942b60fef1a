import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { createApi } from "../../../ui/src/api/client.js";
import { ApiError } from "../../../ui/src/api/errors.js";
import { useMockUpstream } from "../../helpers/mock-upstream.js";

const admin = useMockUpstream({
  "GET /admin/providers": (_request, res) => json(res, 200, { object: "list", data: [] }),
  "DELETE /admin/keys/key_1": (_request, res) => json(res, 200, { id: "key_1", deleted: true }),
  "POST /admin/providers": (_request, res) =>
    json(res, 400, {
      error: { message: "base_url: must be an http(s) URL", type: "invalid_request_error", param: "base_url", code: null },
    }),
  "GET /admin/keys": (_request, res) =>
    json(res, 401, {
      error: { message: "Incorrect API key provided", type: "invalid_request_error", param: null, code: "invalid_api_key" },
    }),
  "POST /admin/ollama/pull": async (_request, res) => {
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    res.write('{"status":"pulling manifest"}\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    res.end('{"status":"pulling a","digest":"a","total":4,"completed":2}\n{"error":{"message":"disk full","type":"upstream_error"}}\n');
  },
});

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function api(onUnauthorized = () => {}) {
  // The page calls its own origin by path; here that origin is the mock's.
  return createApi({ masterKey: "master-secret", onUnauthorized, fetch: (path, init) => fetch(`${admin.url}${path}`, init) });
}

describe("createApi", () => {
  it("sends the master key as a Bearer header, with the header the admin API wants on changes", async () => {
    await api().request("DELETE", "/admin/keys/key_1");
    const sent = admin.requests.at(-1)!;
    expect(sent.headers.authorization).toBe("Bearer master-secret");
    expect(sent.headers["x-llm-proxy-admin"]).toBe("console");
    expect(sent.headers["content-type"]).toBeUndefined();
    expect(sent.body).toBe("");
  });

  it("sends JSON bodies as JSON", async () => {
    await api()
      .request("POST", "/admin/providers", { name: "x", type: "openai" })
      .catch(() => {});
    const sent = admin.requests.at(-1)!;
    expect(sent.headers["content-type"]).toBe("application/json");
    expect(sent.json()).toEqual({ name: "x", type: "openai" });
  });

  it("rejects with the API's error, param and all", async () => {
    const failure = await api()
      .request("POST", "/admin/providers", {})
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 400, param: "base_url", message: "base_url: must be an http(s) URL" });
  });

  it("ends the session when the key is refused", async () => {
    let ended = 0;
    await expect(api(() => ended++).request("GET", "/admin/keys")).rejects.toMatchObject({ status: 401, code: "invalid_api_key" });
    expect(ended).toBe(1);
  });

  it("hands over NDJSON lines as they come, and rejects on an error line", async () => {
    const seen: unknown[] = [];
    const failure = await api()
      .stream("/admin/ollama/pull", { provider: "ollama", model: "llama3.2" }, (value) => seen.push(value))
      .catch((error: unknown) => error);
    expect(seen).toEqual([{ status: "pulling manifest" }, { status: "pulling a", digest: "a", total: 4, completed: 2 }]);
    expect(failure).toMatchObject({ message: "disk full", type: "upstream_error" });
    expect(admin.requests.at(-1)!.headers.accept).toBe("application/x-ndjson");
  });

  it("says the proxy cannot be reached when nothing answers", async () => {
    const unreachable = createApi({
      masterKey: "k",
      onUnauthorized: () => {},
      fetch: (path, init) => fetch(`http://127.0.0.1:9${path}`, init),
    });
    await expect(unreachable.request("GET", "/admin/providers")).rejects.toMatchObject({ status: 0, code: "network_error" });
  });
});
