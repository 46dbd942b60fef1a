import { describe, expect, it } from "vitest";
import { ollama } from "../../../src/providers/ollama/index.js";
import { embeddingsCall, embeddingsContext } from "../../helpers/embeddings-translation.js";
import { fixture } from "../../helpers/files.js";

const translation = ollama.embeddings!;

describe("Ollama embeddings translation", () => {
  it("builds /api/embed as documented", () => {
    const { call, body } = embeddingsCall(ollama, { model: "all-minilm", input: ["Why is the sky blue?", "Why is the grass green?"] });
    expect(call.url).toBe("http://localhost:11434/api/embed");
    expect(body).toEqual(JSON.parse(fixture("ollama/api-embed-batch.documented.request.json")));
  });

  it("reads the documented answers: vectors, and prompt_eval_count when there is one", () => {
    const ctx = embeddingsContext(ollama, { model: "all-minilm", input: "Why is the sky blue?" });
    const single = translation.parseResponse(fixture("ollama/api-embed.documented.json"), ctx);
    expect(single.vectors).toEqual(JSON.parse(fixture("ollama/api-embed.documented.json")).embeddings);
    expect(single.promptTokens).toBe(8);
    const batch = translation.parseResponse(fixture("ollama/api-embed-batch.documented.json"), ctx);
    expect(batch.vectors).toHaveLength(2);
    expect(batch.promptTokens).toBeUndefined();
  });

  it("answers the legacy /api/embeddings shape (no `embeddings`) and garbage with a 502", () => {
    const ctx = embeddingsContext(ollama, { model: "all-minilm", input: "x" });
    for (const body of [fixture("ollama/api-embeddings-legacy.documented.json"), '{"embeddings":[["a"]]}', "[]"]) {
      expect(() => translation.parseResponse(body, ctx)).toThrow(expect.objectContaining({ status: 502 }));
    }
  });
});
