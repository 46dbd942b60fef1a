import { describe, expect, it } from "vitest";
import { mistral } from "../../../src/providers/mistral/index.js";
import { embeddingsCall } from "../../helpers/embeddings-translation.js";
import { fixture } from "../../helpers/files.js";

describe("Mistral embeddings translation", () => {
  it("sends the recorded request for the recorded inputs", () => {
    const { call, body } = embeddingsCall(mistral, { model: "mistral-embed", input: ["Ruby", "Python", "JavaScript"] });
    expect(call.url).toBe("https://api.mistral.ai/v1/embeddings");
    expect(call.body).toBe(fixture("mistral/embeddings-batch.request.json"));
    expect(body).toEqual(JSON.parse(fixture("mistral/embeddings-batch.request.json")));
  });

  it("sends only Mistral's fields: output_dimension (a client's own wins), output_dtype, metadata; never encoding_format or user", () => {
    const { body } = embeddingsCall(mistral, {
      model: "codestral-embed",
      input: "x",
      dimensions: 512,
      output_dimension: 256,
      output_dtype: "int8",
      metadata: { job: "1" },
      encoding_format: "base64",
      user: "u",
      unknown: 1,
    });
    expect(body).toEqual({ model: "codestral-embed", input: "x", output_dimension: 256, output_dtype: "int8", metadata: { job: "1" } });
  });
});
