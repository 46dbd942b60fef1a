import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { MASTER_KEY, STATE_SECRET } from "../helpers/admin.js";
import { useTestProxy } from "../helpers/proxy.js";
import { useTemporarySqlite } from "../helpers/state.js";

const CLIENT_KEY = "sk-client-key-0123456789abcdefghij";
const PROVIDER_KEY = "sk-provider-secret-0123456789abcd";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** A raw HTTP request, with exactly the headers given (Host, Origin and Sec-Fetch-Site as a browser would set them). */
function send(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (part) => (text += part));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const bearer = (key = MASTER_KEY) => ({ authorization: `Bearer ${key}` });

describe("the admin API against cross-site callers", () => {
  const stateUrl = useTemporarySqlite();
  const proxy = useTestProxy(
    () => `
providers: {}
auth:
  master_key: ${MASTER_KEY}
  keys: [{ name: client, key: ${CLIENT_KEY} }]
state: { url: "${stateUrl}", secret: ${STATE_SECRET} }
admin: { allowed_hosts: [proxy.internal, "*.corp.example"] }
`,
  );
  const host = () => new URL(proxy.url).host;

  it("sends no CORS headers, to a preflight or to an answer", async () => {
    const preflight = await send(proxy.url, "OPTIONS", "/admin/providers", {
      ...bearer(),
      origin: "http://evil.example",
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type",
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    const answer = await send(proxy.url, "GET", "/admin/providers", { ...bearer(), origin: `http://${host()}` });
    expect(answer.status).toBe(200);
    for (const response of [preflight, answer]) {
      expect(Object.keys(response.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
    }
  });

  it("refuses a page of another origin, even with the master key", async () => {
    const foreign = await send(
      proxy.url,
      "POST",
      "/admin/keys",
      { ...bearer(), origin: "http://evil.example", "content-type": "application/json" },
      '{"name":"x"}',
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatchObject({ type: "permission_error", code: "cross_origin_refused" });
    const opaque = await send(proxy.url, "GET", "/admin/providers", { ...bearer(), origin: "null" });
    expect(opaque.status).toBe(403);
    const crossSite = await send(proxy.url, "GET", "/admin/providers", { ...bearer(), "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await send(proxy.url, "GET", "/admin/providers", {
      ...bearer(),
      origin: `http://${host()}`,
      "sec-fetch-site": "same-origin",
    });
    expect(sameOrigin.status).toBe(200);
  });

  it("answers only for IP addresses, localhost and the allowed host names (DNS rebinding)", async () => {
    const port = new URL(proxy.url).port;
    const statuses: Record<string, number> = {};
    for (const name of [
      "127.0.0.1",
      "localhost",
      "[::1]",
      "proxy.internal",
      "admin.corp.example",
      "evil.example",
      "corp.example.evil.example",
    ]) {
      statuses[name] = (await send(proxy.url, "GET", "/admin/providers", { ...bearer(), host: `${name}:${port}` })).status;
    }
    expect(statuses).toEqual({
      "127.0.0.1": 200,
      localhost: 200,
      "[::1]": 200,
      "proxy.internal": 200,
      "admin.corp.example": 200,
      "evil.example": 403,
      "corp.example.evil.example": 403,
    });
    const rebound = await send(proxy.url, "GET", "/admin/providers", { ...bearer(), host: `evil.example:${port}` });
    expect(rebound.body.error).toMatchObject({ code: "host_not_allowed" });
    expect(rebound.body.error.message).toContain("admin.allowed_hosts");
  });

  it("takes a change only as JSON (or with x-llm-proxy-admin), which a cross-site form cannot send", async () => {
    const form = await send(
      proxy.url,
      "POST",
      "/admin/keys",
      { ...bearer(), "content-type": "application/x-www-form-urlencoded" },
      "name=x",
    );
    expect(form.status).toBe(415);
    expect(form.body.error).toMatchObject({ code: "unsupported_media_type" });
    const plain = await send(proxy.url, "POST", "/admin/keys", { ...bearer(), "content-type": "text/plain" }, '{"name":"x"}');
    expect(plain.status).toBe(415);
    const deleted = await send(proxy.url, "DELETE", "/admin/keys/vk_nope", bearer());
    expect(deleted.status).toBe(415);
    const marked = await send(proxy.url, "DELETE", "/admin/keys/vk_nope", { ...bearer(), "x-llm-proxy-admin": "1" });
    expect(marked.status).toBe(404);
    const json = await send(
      proxy.url,
      "POST",
      "/admin/keys",
      { ...bearer(), "content-type": "application/json; charset=utf-8" },
      '{"name":"viajson"}',
    );
    expect(json.status).toBe(201);
  });

  it("takes the master key and no other, in OpenAI's 401s", async () => {
    const none = await send(proxy.url, "GET", "/admin/providers", {});
    expect(none.status).toBe(401);
    expect(none.body.error.message).toMatch(/^You didn't provide an API key/);
    const client = await send(proxy.url, "GET", "/admin/providers", bearer(CLIENT_KEY));
    expect(client.status).toBe(401);
    expect(client.body.error).toMatchObject({ code: "invalid_api_key" });
    expect(JSON.stringify(client.body)).not.toContain(CLIENT_KEY);
    expect((await send(proxy.url, "GET", "/admin/providers", { "x-api-key": MASTER_KEY })).status).toBe(200);
  });

  it("writes one audit line per change, naming the key and the client, never a secret", async () => {
    const created = await send(
      proxy.url,
      "POST",
      "/admin/providers",
      { ...bearer(), "content-type": "application/json" },
      JSON.stringify({ name: "audited", type: "openai", base_url: "http://127.0.0.1:9/v1", api_key: PROVIDER_KEY }),
    );
    expect(created.status).toBe(201);
    await send(proxy.url, "PATCH", "/admin/providers/audited/toggle", { ...bearer(), "x-llm-proxy-admin": "1" });
    await send(proxy.url, "DELETE", "/admin/providers/audited", { ...bearer(), "x-llm-proxy-admin": "1" });
    const audits = proxy.logs
      .filter((line) => line.includes('"msg":"admin change"') && line.includes('"target":"audited"'))
      .map((line) => JSON.parse(line));
    expect(audits.map((line) => line.action)).toEqual(["provider.create", "provider.disable", "provider.delete"]);
    for (const line of audits) expect(line).toMatchObject({ level: "info", key: "master", client: "127.0.0.1" });
    expect(audits[0].fields).toEqual(["name", "type", "base_url", "api_key"]);
    expect(proxy.logs.join("\n")).not.toContain(PROVIDER_KEY);
    expect(proxy.logs.join("\n")).not.toContain(MASTER_KEY);
  });
});

describe("the admin API against guessed master keys", () => {
  const proxy = useTestProxy(
    () => `
providers: {}
auth: { master_key: ${MASTER_KEY} }
`,
  );

  it("pauses an address after a few wrong keys, doubling the pause, the right key refused meanwhile", async () => {
    const wrong = () => send(proxy.url, "GET", "/admin/providers", bearer("sk-guess-0123456789abcdefghijklmn"));
    const right = () => send(proxy.url, "GET", "/admin/providers", bearer());
    expect([(await wrong()).status, (await wrong()).status, (await wrong()).status, (await wrong()).status]).toEqual([401, 401, 401, 401]);
    const paused = await right();
    expect(paused.status).toBe(429);
    expect(paused.body.error).toMatchObject({ type: "rate_limit_error", code: "too_many_wrong_keys" });
    expect(paused.headers["retry-after"]).toBe("1");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await wrong()).status).toBe(401);
    const longer = await right();
    expect(longer.status).toBe(429);
    expect(longer.headers["retry-after"]).toBe("2");
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await right()).status).toBe(200);
    expect((await wrong()).status).toBe(401);
    expect((await right()).status).toBe(200);
  });
});

describe("the admin API without a master key", () => {
  const proxy = useTestProxy(
    () => `
providers: {}
auth: { keys: [{ name: client, key: ${CLIENT_KEY} }] }
`,
  );

  it("is off, and says how to turn it on", async () => {
    const answer = await send(proxy.url, "GET", "/admin/providers", bearer(CLIENT_KEY));
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: "admin_disabled" });
    expect(answer.body.error.message).toContain("auth.master_key");
  });
});
