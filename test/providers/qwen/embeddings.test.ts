import { describe, expect, it } from "vitest";
import { qwen } from "../../../src/providers/qwen/index.js";
import { embeddingsCall } from "../../helpers/embeddings-translation.js";

describe("Qwen embeddings translation", () => {
  it("sends OpenAI's request without encoding_format (DashScope documents floats only), other fields as they came", () => {
    const { call, body } = embeddingsCall(qwen, {
      model: "text-embedding-v4",
      input: ["a"],
      dimensions: 64,
      encoding_format: "base64",
      text_type: "query",
    });
    expect(call.url).toBe("https://dashscope-intl.aliyuncs.com/compatible-mode/v1/embeddings");
    expect(body).toEqual({ model: "text-embedding-v4", input: ["a"], dimensions: 64, text_type: "query" });
  });

  it("takes at most 10 texts a call, and no token arrays", () => {
    expect(qwen.embeddings!.maxInputsPerCall).toBe(10);
    expect(qwen.embeddings!.takesTokens).toBe(false);
  });
});
