import { describe, expect, it } from "vitest";
import { ProxyError } from "../../../src/errors.js";
import { gemini } from "../../../src/providers/gemini/index.js";
import { embeddingsCall, embeddingsContext } from "../../helpers/embeddings-translation.js";
import { fixture } from "../../helpers/files.js";

const translation = gemini.embeddings!;
const RECORDED = fixture("gemini/batch-embed-contents.json");

describe("Gemini embeddings translation", () => {
  it("builds the recorded batchEmbedContents request, byte for byte", () => {
    const { call } = embeddingsCall(gemini, { model: "gemini-embedding-2", input: ["First text", "Second text"], dimensions: 768 });
    expect(call.method).toBe("POST");
    expect(call.url).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-2:batchEmbedContents");
    expect(call.body).toBe(fixture("gemini/batch-embed-contents.request.json"));
    expect(call.headers).toMatchObject({ "content-type": "application/json", accept: "application/json" });
    expect(call.headers["x-goog-api-key"]).toBeUndefined();
  });

  it("takes a lone text, a `models/` prefix and task_type", () => {
    const { call, body } = embeddingsCall(gemini, { model: "models/gemini-embedding-001", input: "hi", task_type: "SEMANTIC_SIMILARITY" });
    expect(call.url).toMatch(/\/v1beta\/models\/gemini-embedding-001:batchEmbedContents$/);
    expect(body).toEqual({
      requests: [{ model: "models/gemini-embedding-001", content: { parts: [{ text: "hi" }] }, taskType: "SEMANTIC_SIMILARITY" }],
    });
  });

  it("refuses a task_type that is not a string", () => {
    expect(() => embeddingsCall(gemini, { model: "gemini-embedding-001", input: "hi", task_type: 3 })).toThrow(ProxyError);
  });

  it("reads the recorded answer: the vectors in order and usageMetadata's prompt tokens", () => {
    const ctx = embeddingsContext(gemini, { model: "gemini-embedding-2", input: ["First text", "Second text"] });
    const answer = translation.parseResponse(RECORDED, ctx);
    const recorded = JSON.parse(RECORDED) as { embeddings: Array<{ values: number[] }> };
    expect(answer.vectors).toEqual(recorded.embeddings.map((item) => item.values));
    expect(answer.promptTokens).toBe(4);
    expect(answer.text).toBeUndefined();
    const { usageMetadata: _none, ...withoutUsage } = recorded as typeof recorded & { usageMetadata: unknown };
    expect(translation.parseResponse(JSON.stringify(withoutUsage), ctx).promptTokens).toBeUndefined();
  });

  it("answers garbage with a 502", () => {
    const ctx = embeddingsContext(gemini, { model: "gemini-embedding-2", input: "x" });
    for (const body of ["nope", "{}", '{"embeddings":[{"values":["a"]}]}', '{"embeddings":[null]}']) {
      expect(() => translation.parseResponse(body, ctx)).toThrow(expect.objectContaining({ status: 502 }));
    }
  });
});
