import { describe, expect, it } from "vitest";
import { splitRequest } from "../../src/embeddings/batches.js";
import type { EmbeddingsRequest } from "../../src/embeddings/types.js";

const request = (input: EmbeddingsRequest["input"]): EmbeddingsRequest => ({ model: "m", input, dimensions: 8 });

describe("splitRequest", () => {
  it("keeps a request within the limit (or without one) whole, as the same object", () => {
    const texts = request(["a", "b"]);
    expect(splitRequest(texts, 2)[0]).toBe(texts);
    expect(splitRequest(texts, undefined)[0]).toBe(texts);
    const lone = request("a");
    expect(splitRequest(lone, 1)[0]).toBe(lone);
    const tokens = request([1, 2, 3]);
    expect(splitRequest(tokens, 1)).toEqual([tokens]);
  });

  it("splits the inputs into batches of at most the limit, in order, keeping the other fields", () => {
    const texts = Array.from({ length: 205 }, (_, i) => `t${i}`);
    const batches = splitRequest(request(texts), 100);
    expect(batches.map((batch) => (batch.input as string[]).length)).toEqual([100, 100, 5]);
    expect(batches.flatMap((batch) => batch.input as string[])).toEqual(texts);
    expect(batches.every((batch) => batch.dimensions === 8 && batch.model === "m")).toBe(true);
    expect(splitRequest(request([[1], [2], [3]]), 2).map((batch) => batch.input)).toEqual([[[1], [2]], [[3]]]);
  });
});
