import { describe, expect, it } from "vitest";
import { thoughtSignatureOf, toolCallId } from "../../../src/providers/gemini/tool-call-ids.js";
import { recordedThoughtSignature } from "../../helpers/gemini-recordings.js";

describe("thought signatures in tool-call ids", () => {
  it("round-trips the recorded signature through an id made of [A-Za-z0-9_-] only", () => {
    const signature = recordedThoughtSignature();
    const id = toolCallId(signature);
    expect(id).toMatch(/^call_[0-9A-Za-z]{24}_[A-Za-z0-9_-]+$/);
    expect(thoughtSignatureOf(id)).toBe(signature);
  });

  it("finds none in plain ids or ids of other providers", () => {
    expect(thoughtSignatureOf(toolCallId(undefined))).toBeUndefined();
    expect(thoughtSignatureOf("toolu_01NRLabsLyVHZPKxbKvkfSMn")).toBeUndefined();
    expect(thoughtSignatureOf("call_4XzlGBLtUe9dy3GVNV4jhq7h")).toBeUndefined();
  });
});
