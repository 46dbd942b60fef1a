import { vectorJson } from "./encoding.js";
import type { EmbeddingEncoding, EmbeddingVector } from "./types.js";

/**
 * OpenAI's `CreateEmbeddingResponse` as JSON text, in OpenAI's field order, with every vector in
 * the encoding asked for. Written out directly: the vectors are the bulk of it, and each is
 * serialised once.
 */
export function embeddingsAnswerText(
  vectors: readonly EmbeddingVector[],
  encoding: EmbeddingEncoding,
  model: string,
  promptTokens: number,
): string {
  let data = "";
  for (let index = 0; index < vectors.length; index++) {
    if (index > 0) data += ",";
    data += `{"object":"embedding","index":${index},"embedding":${vectorJson(vectors[index]!, encoding)}}`;
  }
  const usage = `{"prompt_tokens":${promptTokens},"total_tokens":${promptTokens}}`;
  return `{"object":"list","data":[${data}],"model":${JSON.stringify(model)},"usage":${usage}}`;
}
