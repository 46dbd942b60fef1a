import { listAllPages } from "../shared/paged-listing.js";
import type { FetchUpstream, ProviderConfig, UpstreamModel } from "../types.js";
import { geminiError } from "./errors.js";
import type { ListModelsPage } from "./wire.js";

/**
 * `GET {base_url}/v1beta/models`, following `nextPageToken` across pages of 1000: the models
 * that can `generateContent` (not embedding or image-only ones), without the `models/` prefix.
 */
export function listGeminiModels(provider: ProviderConfig, fetch: FetchUpstream): Promise<UpstreamModel[]> {
  const headers: Record<string, string> = { ...provider.headers, accept: "application/json" };
  return listAllPages(provider, fetch, {
    headers,
    url: (pageToken) =>
      `${provider.base_url}/v1beta/models?${new URLSearchParams(pageToken ? { pageSize: "1000", pageToken } : { pageSize: "1000" })}`,
    parseError: geminiError,
    readPage(body) {
      const page = body as ListModelsPage;
      const models = (Array.isArray(page.models) ? page.models : []).flatMap((model) =>
        typeof model?.name === "string" && model.supportedGenerationMethods?.includes("generateContent")
          ? [{ id: model.name.replace(/^models\//, ""), owned_by: "google" }]
          : [],
      );
      return { models, next: typeof page.nextPageToken === "string" && page.nextPageToken ? page.nextPageToken : undefined };
    },
  });
}
