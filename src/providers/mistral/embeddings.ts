import { isPlainObject } from "../../lib/is-plain-object.js";
import { openAIEmbeddingsCall, parseOpenAIEmbeddings } from "../openai-compatible/embeddings.js";
import type { EmbeddingsTranslation } from "../types.js";
import type { MistralEmbeddingsRequest } from "./wire.js";

/**
 * Mistral's `POST /v1/embeddings`: OpenAI's answer, but a request of Mistral's own fields only
 * (it refuses any other): `dimensions` becomes `output_dimension`, Mistral's `output_dimension`,
 * `output_dtype` and `metadata` pass as a client sends them, and `user` is left out. Texts only.
 * Vectors are always asked for as floats, the format Mistral's own SDK reads: the proxy encodes
 * base64 for the clients that want it.
 */
export const mistralEmbeddings: EmbeddingsTranslation = {
  takesTokens: false,
  buildRequest(ctx) {
    const { request } = ctx;
    const body: MistralEmbeddingsRequest = { model: ctx.upstreamModel, input: request.input as string | string[] };
    const dimension = request.output_dimension ?? request.dimensions;
    if (typeof dimension === "number") body.output_dimension = dimension;
    if (typeof request.output_dtype === "string") body.output_dtype = request.output_dtype;
    if (isPlainObject(request.metadata)) body.metadata = request.metadata;
    return openAIEmbeddingsCall(ctx.provider, body);
  },
  parseResponse: parseOpenAIEmbeddings,
};
