import { describe, expect, it } from "vitest";
import { hostAllowed, refuseCrossSite } from "../../src/admin/cross-site.js";

describe("the admin API's cross-site checks", () => {
  it("allow IP addresses, localhost and the allowed names; nothing a rebinding DNS name could be", () => {
    const allowed = ["proxy.internal", "*.corp.example"];
    const cases: [string, boolean][] = [
      ["127.0.0.1:8787", true],
      ["10.1.2.3", true],
      ["[::1]:8787", true],
      ["[2001:db8::1]", true],
      ["localhost:8787", true],
      ["app.localhost", true],
      ["Proxy.Internal:443", true],
      ["a.b.corp.example", true],
      ["corp.example", false],
      ["evilcorp.example", false],
      ["proxy.internal.evil.example", false],
      ["127.0.0.1.nip.io", false],
    ];
    for (const [host, expected] of cases) expect([host, hostAllowed(host, allowed)]).toEqual([host, expected]);
  });

  it("refuse a foreign Origin and a form's content type", () => {
    const headers = (values: Record<string, string>) => (name: string) => values[name] ?? null;
    expect(() => refuseCrossSite("GET", headers({ host: "localhost:1", origin: "http://localhost:1" }), [])).not.toThrow();
    expect(() => refuseCrossSite("GET", headers({ host: "localhost:1", origin: "http://localhost:2" }), [])).toThrow(/another origin/);
    expect(() => refuseCrossSite("GET", headers({ host: "localhost:1", origin: "null" }), [])).toThrow(/another origin/);
    expect(() => refuseCrossSite("POST", headers({ host: "localhost:1", "content-type": "multipart/form-data" }), [])).toThrow(
      /application\/json/,
    );
    expect(() => refuseCrossSite("GET", headers({}), [])).toThrow(/does not answer for host/);
  });
});
