import { listAllPages } from "../shared/paged-listing.js";
import { malformedUpstream } from "../shared/upstream-json.js";
import type { FetchUpstream, ProviderConfig, UpstreamModel } from "../types.js";
import { anthropicError } from "./errors.js";
import { readAnthropicOptions } from "./options.js";
import type { ModelInfo } from "./wire.js";

/** `GET {base_url}/v1/models`, following `has_more` / `last_id` → `after_id` across pages of 1000. */
export function listAnthropicModels(provider: ProviderConfig, fetch: FetchUpstream): Promise<UpstreamModel[]> {
  const headers: Record<string, string> = {
    ...provider.headers,
    accept: "application/json",
    "anthropic-version": readAnthropicOptions(provider.options).anthropic_version,
  };
  return listAllPages(provider, fetch, {
    headers,
    url: (afterId) =>
      `${provider.base_url}/v1/models?${new URLSearchParams(afterId ? { limit: "1000", after_id: afterId } : { limit: "1000" })}`,
    parseError: anthropicError,
    readPage(body) {
      if (!Array.isArray(body.data)) throw malformedUpstream("model list");
      const models = (body.data as Partial<ModelInfo>[]).flatMap((entry) =>
        typeof entry?.id === "string" ? [{ id: entry.id, created: unixSeconds(entry.created_at), owned_by: "anthropic" }] : [],
      );
      return { models, next: body.has_more === true && typeof body.last_id === "string" ? body.last_id : undefined };
    },
  });
}

function unixSeconds(date: unknown): number | undefined {
  if (typeof date !== "string") return undefined;
  const ms = Date.parse(date);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}
