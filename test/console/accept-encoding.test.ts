import { describe, expect, it } from "vitest";
import { preferredEncoding } from "../../src/console/accept-encoding.js";

const BOTH = { br: true, gzip: true };

describe("preferredEncoding", () => {
  it("prefers Brotli, then gzip, by the client's weights", () => {
    expect(preferredEncoding("gzip, deflate, br, zstd", BOTH)).toBe("br");
    expect(preferredEncoding("gzip;q=1, br;q=0.5", BOTH)).toBe("gzip");
    expect(preferredEncoding("gzip", BOTH)).toBe("gzip");
    expect(preferredEncoding("BR", BOTH)).toBe("br");
  });

  it("honours refusals and the wildcard", () => {
    expect(preferredEncoding("br;q=0, gzip;q=0", BOTH)).toBeUndefined();
    expect(preferredEncoding("*", BOTH)).toBe("br");
    expect(preferredEncoding("*;q=0.5, br;q=0", BOTH)).toBe("gzip");
    expect(preferredEncoding("identity", BOTH)).toBeUndefined();
    expect(preferredEncoding(undefined, BOTH)).toBeUndefined();
  });

  it("offers only the encodings the build wrote", () => {
    expect(preferredEncoding("br, gzip", { br: false, gzip: true })).toBe("gzip");
    expect(preferredEncoding("br", { br: false, gzip: true })).toBeUndefined();
  });
});
