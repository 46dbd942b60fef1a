import type { ProviderConfig } from "../../config/schema.js";
import type { UpstreamClient } from "../../upstream/client.js";
import { readText } from "../../upstream/client.js";
import { parseUpstreamObject } from "../shared/upstream-json.js";
import { openAIStyleError } from "../shared/error-body.js";
import type { UpstreamModel } from "../types.js";
import { listingTimeouts } from "../shared/listing.js";

/** `GET {base_url}/models` of an OpenAI-compatible server. */
export async function listOpenAIModels(provider: ProviderConfig, client: UpstreamClient): Promise<UpstreamModel[]> {
  const headers: Record<string, string> = { ...provider.headers, accept: "application/json" };
  if (provider.api_key) headers.authorization = `Bearer ${provider.api_key}`;
  const response = await client.send(
    { method: "GET", url: `${provider.base_url}/models`, headers, response: "json" },
    listingTimeouts(provider),
  );
  const text = await readText(response.body);
  if (response.status >= 400) throw openAIStyleError(response.status, text, response.headers);
  const data = parseUpstreamObject(text, "model list").data;
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
