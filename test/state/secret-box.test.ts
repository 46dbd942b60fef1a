import { describe, expect, it } from "vitest";
import { SealedValueError, SecretBox, sealedKeyId } from "../../src/state/secret-box.js";

describe("the state store's secret box", () => {
  it("opens what it sealed, in its place only, under the same secret on every process", async () => {
    const box = await SecretBox.fromSecret("a-state-secret-of-some-length");
    const again = await SecretBox.fromSecret("a-state-secret-of-some-length");
    const sealed = box.seal("sk-provider-key", "providers/openai");
    expect(again.open(sealed, "providers/openai")).toBe("sk-provider-key");
    expect(again.keyId).toBe(box.keyId);
    expect(sealedKeyId(sealed)).toBe(box.keyId);
    expect(sealed).not.toContain("sk-provider-key");
    expect(sealed).toMatch(/^v1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
  });

  it("uses a fresh nonce for every value", async () => {
    const box = await SecretBox.fromSecret("a-state-secret-of-some-length");
    const seals = new Set(Array.from({ length: 20 }, () => box.seal("same", "providers/x")));
    expect(seals.size).toBe(20);
    expect(new Set([...seals].map((sealed) => sealed.split(".")[2])).size).toBe(20);
  });

  it("refuses a value moved to another place, altered, or sealed under another secret", async () => {
    const box = await SecretBox.fromSecret("a-state-secret-of-some-length");
    const other = await SecretBox.fromSecret("another-state-secret-entirely");
    const sealed = box.seal("sk-provider-key", "providers/openai");
    expect(() => box.open(sealed, "providers/groq")).toThrow(SealedValueError);
    const [version, keyId, nonce, data] = sealed.split(".") as [string, string, string, string];
    const flipped = Buffer.from(data, "base64url");
    flipped[0]! ^= 1;
    expect(() => box.open([version, keyId, nonce, flipped.toString("base64url")].join("."), "providers/openai")).toThrow(
      /does not authenticate/,
    );
    expect(() => other.open(sealed, "providers/openai")).toThrow(expect.objectContaining({ otherKey: true }));
    expect(() => box.open("sk-provider-key", "providers/openai")).toThrow(/not a value this proxy sealed/);
    expect(other.keyId).not.toBe(box.keyId);
  });
});
