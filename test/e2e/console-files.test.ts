import { describe, expect, it } from "vitest";
import { useTestProxy } from "../helpers/proxy.js";

// The console `npm run build` wrote to dist/ui/, served by the real proxy with `auth` on.
const proxy = useTestProxy(
  () => `
auth:
  master_key: master-secret
providers:
  openai: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: sk-unused }
`,
);

describe("the built console at /ui/", () => {
  it("is served without a key (a browser cannot send one for a page), while the API still asks for one", async () => {
    const page = await fetch(`${proxy.url}/ui/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toBe(
      "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'",
    );
    expect(await page.text()).toContain('<div id="app"></div>');
    expect((await fetch(`${proxy.url}/v1/models`)).status).toBe(401);
    expect((await fetch(`${proxy.url}/uix`)).status).toBe(401);
  });

  it("references only its own files, under /ui/, each served compressed", async () => {
    const html = await (await fetch(`${proxy.url}/ui/`)).text();
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThanOrEqual(3);
    for (const reference of references) {
      expect(reference).toMatch(/^\/ui\//);
      const asset = await fetch(`${proxy.url}${reference}`, { headers: { "accept-encoding": "br" } });
      expect(asset.status, reference).toBe(200);
      expect(asset.headers.get("content-encoding"), reference).toBe("br");
    }
    // No inline script or style: the CSP would block them.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|style="/);
  });
});
