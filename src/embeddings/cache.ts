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
 * the answer as first delivered, in the encoding that client asked for, and it serves the other
 * encoding too: floats become the base64 of their float32 bytes (what a miss would have sent),
 * base64 becomes its float32 values (the upstream's floats to float32 precision, the precision
 * embeddings are computed in). Storing the floats of a base64 answer instead would cost a JSON
 * serialisation of every vector per miss (19 ms of event loop for 100 vectors of 3,072
 * dimensions) for no client's gain.
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
