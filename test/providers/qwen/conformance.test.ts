import { describe, expect, it } from "vitest";
import { withoutNullFingerprint } from "../../../src/providers/qwen/conformance.js";

describe("DashScope's schema deviations", () => {
  it("drops a null system_fingerprint from the text, leaving every other byte", () => {
    expect(withoutNullFingerprint('{"id":"a","system_fingerprint":null,"model":"m"}')).toBe('{"id":"a","model":"m"}');
    expect(withoutNullFingerprint('{"id":"a","system_fingerprint":null}')).toBe('{"id":"a"}');
    expect(withoutNullFingerprint('{"system_fingerprint":null,"id":"a"}')).toBe('{"id":"a"}');
    const untouched = [
      '{"system_fingerprint":"fp_1","id":"a"}',
      '{"choices":[{"delta":{"content":"say ,\\"system_fingerprint\\":null,"}}]}',
    ];
    for (const text of untouched) expect(withoutNullFingerprint(text)).toBe(text);
    const quoted = JSON.parse(untouched[1]!);
    expect(JSON.parse(withoutNullFingerprint(untouched[1]!))).toEqual(quoted);
  });
});
