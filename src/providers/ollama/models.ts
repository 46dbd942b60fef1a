import { fetchListing } from "../shared/listing.js";
import type { FetchUpstream, ProviderConfig, UpstreamModel } from "../types.js";
import { ollamaError } from "./errors.js";

/** The installed models, from `GET /api/tags`. */
export async function listOllamaModels(provider: ProviderConfig, fetch: FetchUpstream): Promise<UpstreamModel[]> {
  const models = (await fetchListing(provider, fetch, "/api/tags", ollamaError)).models;
  if (!Array.isArray(models)) return [];
  const out: UpstreamModel[] = [];
  for (const entry of models) {
    if (typeof entry !== "object" || entry === null || typeof entry.name !== "string") continue;
    const modified = typeof entry.modified_at === "string" ? Date.parse(entry.modified_at) : NaN;
    out.push({ id: entry.name, created: Number.isFinite(modified) ? Math.floor(modified / 1000) : undefined });
  }
  return out;
}
