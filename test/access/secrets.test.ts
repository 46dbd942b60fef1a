import { describe, expect, it } from "vitest";
import { hashKey, keyHint, maskPresentedKey, newVirtualKey } from "../../src/access/secrets.js";

describe("key secrets", () => {
  it("quote a presented key as OpenAI does: its head and last four, never enough to use", () => {
    const key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
    expect(maskPresentedKey(key)).toBe(`sk-proj-${"*".repeat(key.length - 12)}6789`);
    expect(maskPresentedKey("sk-short-key-1234")).toBe(`sk-${"*".repeat(10)}1234`);
    expect(maskPresentedKey("tiny")).toBe("****");
    expect(maskPresentedKey("x".repeat(5000))).toHaveLength(8 + 48 + 4);
  });

  it("make virtual keys of 32 random bytes, shown as a hint and stored as SHA-256", () => {
    const key = newVirtualKey();
    expect(key).toMatch(/^sk-llmp-[A-Za-z0-9_-]{43}$/);
    expect(newVirtualKey()).not.toBe(key);
    expect(keyHint(key)).toBe(`sk-llmp-...${key.slice(-4)}`);
    expect(Buffer.from(hashKey(key), "base64")).toHaveLength(32);
  });
});
