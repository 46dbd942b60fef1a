import { ProxyError } from "../errors.js";
import type { EndpointSpec } from "../pipeline/types.js";
import type { ProviderConfig } from "../providers/types.js";
import { batchContext, splitRequest } from "./batches.js";
import { embeddingsCache } from "./cache.js";
import { isTokenInput } from "./inputs.js";
import { receiveEmbeddings } from "./receive.js";
import type { EmbeddingsRequest } from "./types.js";
import { countPromptTokens, embeddingsUsage } from "./usage.js";
import { validateEmbeddingsRequest } from "./validate-request.js";

/** `POST /v1/embeddings`, served by every provider whose adapter has an embeddings translation. */
export const embeddings: EndpointSpec<EmbeddingsRequest> = {
  name: "embeddings",
  validate: validateEmbeddingsRequest,
  model: (request) => request.model,
  isStream: () => false,
  serves: (adapter) => adapter.embeddings !== undefined,
  // No model-family policy applies to embeddings.
  prepare: (request) => ({ request, rewritten: undefined }),
  // Embedding answers carry no id.
  newId: () => "",
  buildCall(attempt) {
    const translation = attempt.adapter.embeddings!;
    const { ctx } = attempt;
    if (!translation.takesTokens && isTokenInput(ctx.request.input)) throw tokensRefused(ctx.provider);
    const first = splitRequest(ctx.request, translation.maxInputsPerCall)[0]!;
    return translation.buildRequest(batchContext(ctx, first));
  },
  receive: receiveEmbeddings,
  estimateUsage: async (request, model) => embeddingsUsage(await countPromptTokens(request, model)),
  cache: embeddingsCache,
};

/** Token arrays sent to an upstream that takes texts only; another target (a fallback) may take them. */
function tokensRefused(provider: ProviderConfig): ProxyError {
  return new ProxyError(
    400,
    `Invalid 'input': provider '${provider.name}' (${provider.type}) embeds texts only, not token arrays; send the texts themselves.`,
    { type: "invalid_request_error", param: "input", code: "unsupported_value", recovery: "next" },
  );
}
