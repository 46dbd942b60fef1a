import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gzipSync } from "node:zlib";
import { H3 } from "h3";
import { afterAll, describe, expect, it } from "vitest";
import { ConsoleAssets } from "../../src/console/assets.js";
import { useConsole } from "../../src/console/route.js";

const dir = mkdtempSync(join(tmpdir(), "llm-proxy-console-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const INDEX = '<!doctype html><script type="module" src="/ui/assets/index-abc.js"></script>';
const SCRIPT = "console.log('console');".repeat(50);
writeFileSync(join(dir, "index.html"), INDEX);
writeFileSync(join(dir, "favicon.svg"), "<svg/>");
mkdirSync(join(dir, "assets"));
writeFileSync(join(dir, "assets/index-abc.js"), SCRIPT);
writeFileSync(join(dir, "assets/index-abc.js.br"), brotliCompressSync(SCRIPT));
writeFileSync(join(dir, "assets/index-abc.js.gz"), gzipSync(SCRIPT));

const server = new H3({ silent: true });
useConsole(server, ConsoleAssets.load(dir));
const get = (path: string, headers: Record<string, string> = {}) => server.fetch(new Request(`http://proxy${path}`, { headers }));

describe("the console's files", () => {
  it("answers /ui/ and every view path with the page, under a strict CSP", async () => {
    for (const path of ["/ui/", "/ui/keys", "/ui/providers/"]) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(INDEX);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'self';/);
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("cache-control")).toBe("no-cache");
    }
  });

  it("moves /ui to /ui/, keeping the query", async () => {
    const response = await get("/ui?provider=ollama");
    expect(response.status).toBe(308);
    expect(response.headers.get("location")).toBe("/ui/?provider=ollama");
  });

  it("sends hashed assets for good, compressed as the client accepts", async () => {
    const br = await get("/ui/assets/index-abc.js", { "accept-encoding": "gzip, br" });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(br.headers.get("vary")).toBe("accept-encoding");
    expect(br.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(SCRIPT);

    const plain = await get("/ui/assets/index-abc.js");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.headers.get("content-length")).toBe(String(SCRIPT.length));
    expect(await plain.text()).toBe(SCRIPT);
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const first = await get("/ui/favicon.svg");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const again = await get("/ui/favicon.svg", { "if-none-match": `W/${etag}` });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("has no file it was not built with: a 404, never a look at the file system", async () => {
    for (const path of ["/ui/assets/missing.js", "/ui/%2e%2e/package.json", "/ui/assets/index-abc.js.br", "/ui/../package.json"]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });
});

describe("a proxy without a built console", () => {
  it("says how to build it", async () => {
    const bare = new H3({
      silent: true,
      onError: (error) => Response.json({ message: (error.cause as Error)?.message }, { status: error.status }),
    });
    useConsole(bare, ConsoleAssets.load(join(dir, "nowhere")));
    const response = await bare.fetch(new Request("http://proxy/ui/"));
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toContain("npm run build");
  });
});
