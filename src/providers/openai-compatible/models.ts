import { openAIStyleError } from "../shared/error-body.js";
import { fetchListing } from "../shared/listing.js";
import type { FetchUpstream, ProviderConfig, UpstreamModel } from "../types.js";

/** `GET {base_url}/models` of an OpenAI-compatible server. */
export async function listOpenAIModels(provider: ProviderConfig, fetch: FetchUpstream): Promise<UpstreamModel[]> {
  const data = (await fetchListing(provider, fetch, "/models", openAIStyleError)).data;
  if (!Array.isArray(data)) return [];
  const models: UpstreamModel[] = [];
  for (const entry of data) {
    if (typeof entry !== "object" || entry === null || typeof entry.id !== "string") continue;
    models.push({
      id: entry.id,
      created: typeof entry.created === "number" ? entry.created : undefined,
      owned_by: typeof entry.owned_by === "string" ? entry.owned_by : undefined,
    });
  }
  return models;
}
