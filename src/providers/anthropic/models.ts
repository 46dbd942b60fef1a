import type { ProviderConfig } from "../../config/schema.js";
import { readText, type UpstreamClient } from "../../upstream/client.js";
import { listingTimeouts } from "../shared/listing.js";
import { malformedUpstream, parseUpstreamObject } from "../shared/upstream-json.js";
import type { UpstreamModel } from "../types.js";
import { anthropicError } from "./errors.js";
import { readOptions } from "./options.js";
import type { ModelInfo } from "./wire.js";

/** Anthropic's largest page; a handful of pages at most even for a long catalogue. */
const PAGE_SIZE = 1000;
const MAX_PAGES = 20;

/** `GET {base_url}/v1/models`, following `has_more` / `last_id` → `after_id` across pages. */
export async function listAnthropicModels(provider: ProviderConfig, client: UpstreamClient): Promise<UpstreamModel[]> {
  const headers: Record<string, string> = {
    ...provider.headers,
    accept: "application/json",
    "anthropic-version": readOptions(provider.options).anthropic_version,
  };
  if (provider.api_key) headers["x-api-key"] = provider.api_key;

  const models: UpstreamModel[] = [];
  let afterId: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (afterId) query.set("after_id", afterId);
    const response = await client.send(
      { method: "GET", url: `${provider.base_url}/v1/models?${query}`, headers, response: "json" },
      listingTimeouts(provider),
    );
    const text = await readText(response.body);
    if (response.status >= 400) throw anthropicError(response.status, text, response.headers);
    const body = parseUpstreamObject(text, "model list");
    if (!Array.isArray(body.data)) throw malformedUpstream("model list");
    for (const entry of body.data as Partial<ModelInfo>[]) {
      if (typeof entry?.id !== "string") continue;
      models.push({ id: entry.id, created: unixSeconds(entry.created_at), owned_by: "anthropic" });
    }
    if (body.has_more !== true || typeof body.last_id !== "string") break;
    afterId = body.last_id;
  }
  return models;
}

function unixSeconds(date: unknown): number | undefined {
  if (typeof date !== "string") return undefined;
  const ms = Date.parse(date);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}
