import { cacheKey } from "../cache/key.js";
import { jsonAnswer } from "../pipeline/answers.js";
import type { Answer, EndpointCache, Exchange } from "../pipeline/types.js";
import { parseOpenAIEmbeddings } from "../providers/openai-compatible/embeddings.js";
import { embeddingsAnswerText } from "./answer-text.js";
import { encodingOfAnswer, requestedEncoding } from "./encoding.js";
import { inputList } from "./inputs.js";
import type { EmbeddingsRequest } from "./types.js";
import { embeddingsUsage } from "./usage.js";

/** Fields that change how the vectors are delivered or recorded, never the vectors themselves. */
const DELIVERY_ONLY = new Set(["model", "encoding_format", "user"]);

/**
 * Embeddings are deterministic, so every request is cached under the normal cache settings. The
 * key is everything that changes a vector (model, inputs, dimensions, and any other field, such
 * as Ollama's `truncate`), not the encoding: `"hi"` and `["hi"]` are one question. An entry is
 * the answer with the vectors as the upstream sent them (floats, but for an upstream that
 * answered a base64 request in base64), and a hit in the other encoding is converted from it,
 * exactly: base64 is the float32 of those floats, floats from base64 are its float32 values.
 */
export const embeddingsCache: EndpointCache<EmbeddingsRequest> = {
  eligible: () => true,
  key: (request, provider, upstreamModel) =>
    cacheKey(provider, upstreamModel, { ...request, input: inputList(request.input) }, DELIVERY_ONLY),
  answer: cachedAnswer,
};

/** A stored entry as this request's answer; undefined when the entry is not a readable embeddings answer (a miss). */
function cachedAnswer(text: string, exchange: Exchange<EmbeddingsRequest>): Answer | undefined {
  const stored = encodingOfAnswer(text);
  if (!stored) return undefined;
  const entry = parseOpenAIEmbeddings(text);
  try {
    const tokens = entry.promptTokens;
    if (tokens === undefined) return undefined;
    const encoding = requestedEncoding(exchange.request);
    const answer =
      stored === encoding ? text : embeddingsAnswerText(entry.vectors, encoding, exchange.candidates[0]!.target.upstreamModel, tokens);
    exchange.outcome.usage = embeddingsUsage(tokens);
    return jsonAnswer(answer, undefined, undefined);
  } catch {
    return undefined;
  }
}
