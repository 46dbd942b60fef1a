import { describe, expect, it } from "vitest";
import { openAICompatible } from "../../../src/providers/openai-compatible/index.js";
import { embeddingsCall, embeddingsContext } from "../../helpers/embeddings-translation.js";
import { recordedVectors } from "../../helpers/embeddings.js";
import { fixture } from "../../helpers/files.js";

const translation = openAICompatible.embeddings!;
const ctx = embeddingsContext(openAICompatible, { model: "text-embedding-3-small", input: "x" });

describe("OpenAI embeddings translation", () => {
  it("sends the request as it came, with the routed model name", () => {
    const request = { model: "openai/text-embedding-3-small", input: [[1, 2]], encoding_format: "base64" as const, extra: true };
    const { call, body } = embeddingsCall(openAICompatible, request, { upstreamModel: "text-embedding-3-small" });
    expect(call.url).toBe("https://api.openai.com/v1/embeddings");
    expect(body).toEqual({ ...request, model: "text-embedding-3-small" });
  });

  it("keeps the answer's bytes and reads its usage without parsing it", () => {
    const text = fixture("openai/embeddings-float.json");
    const answer = translation.parseResponse(text, ctx);
    expect(answer.text).toBe(text);
    expect(answer.promptTokens).toBe(7);
    expect(answer.vectors).toEqual(recordedVectors("openai/embeddings-float.json"));
    expect(translation.parseResponse(fixture("openai/embeddings-base64.json"), ctx).vectors).toEqual(
      recordedVectors("openai/embeddings-base64.json"),
    );
  });

  it("orders the vectors by their index", () => {
    const text = JSON.stringify({
      object: "list",
      data: [
        { object: "embedding", index: 1, embedding: [2] },
        { object: "embedding", index: 0, embedding: [1] },
      ],
      usage: { prompt_tokens: 2, total_tokens: 2 },
    });
    expect(translation.parseResponse(text, ctx).vectors).toEqual([[1], [2]]);
  });

  it("answers an error body, missing or repeated indexes and non-vectors with a 502", () => {
    const bodies = [
      fixture("errors/openai-embeddings-context-length-400.json"),
      '{"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[2]}]}',
      '{"data":[{"index":1,"embedding":[1]}]}',
      '{"data":[{"index":0,"embedding":[true]}]}',
      '{"data":[{"index":0}]}',
      "not json",
    ];
    for (const body of bodies) expect(() => translation.parseResponse(body, ctx).vectors).toThrow(expect.objectContaining({ status: 502 }));
  });

  it("reports no prompt tokens for an answer without usage", () => {
    expect(translation.parseResponse('{"data":[{"index":0,"embedding":[1]}]}', ctx).promptTokens).toBeUndefined();
  });
});
