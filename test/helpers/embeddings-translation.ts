import type { EmbeddingsRequest } from "../../src/embeddings/types.js";
import type { ProviderAdapter, TranslationContext, UpstreamCall } from "../../src/providers/types.js";
import { translationContext, type ContextOptions } from "./translation.js";

/** The context the embeddings endpoint gives a provider's translation for `request`. */
export function embeddingsContext(adapter: ProviderAdapter, request: EmbeddingsRequest, options: ContextOptions = {}) {
  return translationContext(adapter, request, options) as unknown as TranslationContext<EmbeddingsRequest>;
}

/** A provider's embeddings call for `request`, and its body as JSON. */
export function embeddingsCall(adapter: ProviderAdapter, request: EmbeddingsRequest, options: ContextOptions = {}) {
  const call: UpstreamCall = adapter.embeddings!.buildRequest(embeddingsContext(adapter, request, options));
  return { call, body: JSON.parse(call.body!) };
}
