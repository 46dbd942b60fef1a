import { defineHandler, getQuery, type H3, type H3Event } from "h3";
import type { AppContext } from "../../app-context.js";
import { invalidRequest, ProxyError } from "../../errors.js";
import { withCredentials } from "../../pipeline/credentials.js";
import { upstreamHeaders } from "../../providers/shared/headers.js";
import { fetchListing, listingTimeouts } from "../../providers/shared/listing.js";
import type { ProviderAdapter, ProviderConfig } from "../../providers/types.js";
import { readText } from "../../upstream/client.js";
import { Cancellation } from "../../upstream/cancellation.js";
import { providerFetch } from "../../upstream/provider-fetch.js";
import { audit } from "../audit.js";
import { pullProgress } from "../pull-progress.js";
import { conflict, notFound, onlyFields, readJsonObject } from "../requests.js";

/**
 * `/admin/ollama/…`: an Ollama provider's installed models (`/api/tags`), pulling one with its
 * progress streamed (`/api/pull`), deleting one (`/api/delete`), through the provider's own
 * base URL and credentials (ollama.com's key included). A pull or a delete changes what
 * `/v1/models` lists, so the provider's cached listing is dropped.
 */
export function useOllamaRoutes(server: H3, app: AppContext): void {
  server.get(
    "/admin/ollama/models",
    defineHandler(async (event) => {
      const { provider, adapter } = ollamaProvider(app, getQuery(event).provider);
      const listing = await fetchListing(provider, providerFetch(app.upstream, provider, adapter.auth), "/api/tags", adapter.parseError);
      const models = Array.isArray(listing.models) ? (listing.models as Record<string, unknown>[]) : [];
      return {
        object: "list",
        data: models.map((model) => ({
          name: model.name,
          size: model.size ?? null,
          digest: model.digest ?? null,
          modified_at: model.modified_at ?? null,
          details: model.details ?? null,
        })),
      };
    }),
  );

  server.post(
    "/admin/ollama/pull",
    defineHandler(async (event) => {
      const { provider, adapter, model } = await modelRequest(app, event);
      const cancellation = cancelledWith(event);
      const call = withCredentials(
        {
          method: "POST",
          url: `${provider.base_url}/api/pull`,
          headers: upstreamHeaders(provider, "application/x-ndjson", true),
          body: JSON.stringify({ model, stream: true }),
          response: "ndjson",
        },
        provider,
        adapter.auth,
      );
      const upstream = await app.upstream.send(call, provider.timeouts, cancellation);
      if (upstream.status < 200 || upstream.status >= 300)
        throw redacted(adapter.parseError(upstream.status, await readText(upstream.body), upstream.headers), provider);
      audit(app.logger, event, "ollama.pull", `${provider.name}/${model}`);
      const progress = pullProgress(
        upstream.body,
        () => forgetListing(app, provider.name),
        (error) => redacted(error, provider),
      );
      return new Response(progress, { headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" } });
    }),
  );

  server.post(
    "/admin/ollama/delete",
    defineHandler(async (event) => {
      const { provider, adapter, model } = await modelRequest(app, event);
      const call = withCredentials(
        {
          method: "DELETE",
          url: `${provider.base_url}/api/delete`,
          headers: upstreamHeaders(provider, "application/json", true),
          body: JSON.stringify({ model }),
          response: "json",
        },
        provider,
        adapter.auth,
      );
      const upstream = await app.upstream.send(call, listingTimeouts(provider), cancelledWith(event));
      const text = await readText(upstream.body);
      if (upstream.status === 404) throw notFound(`Ollama provider '${provider.name}' has no model '${model}'.`, "model");
      if (upstream.status < 200 || upstream.status >= 300)
        throw redacted(adapter.parseError(upstream.status, text, upstream.headers), provider);
      forgetListing(app, provider.name);
      audit(app.logger, event, "ollama.delete", `${provider.name}/${model}`);
      return { model, deleted: true };
    }),
  );
}

/** The Ollama provider a request names, as requests use it (a disabled one too: its models can be managed before it is switched on). */
function ollamaProvider(app: AppContext, name: unknown): { provider: ProviderConfig; adapter: ProviderAdapter } {
  if (typeof name !== "string" || name === "") throw invalidRequest("Name the Ollama provider: 'provider'.", "provider", "invalid_value");
  const entry = app.composed.providers.get(name);
  if (!entry) throw notFound(`No provider named '${name}'.`, "provider");
  if (!entry.config) throw conflict(`Provider '${name}' cannot be used: ${entry.problem}.`, "provider");
  if (entry.config.type !== "ollama")
    throw invalidRequest(`Provider '${name}' is not an Ollama provider (its type is ${entry.config.type}).`, "provider", "invalid_value");
  return { provider: entry.config, adapter: app.adapterFor("ollama") };
}

async function modelRequest(
  app: AppContext,
  event: H3Event,
): Promise<{ provider: ProviderConfig; adapter: ProviderAdapter; model: string }> {
  const body = await readJsonObject(event);
  onlyFields(body, ["provider", "model"]);
  const found = ollamaProvider(app, body.provider);
  if (typeof body.model !== "string" || body.model.trim() === "")
    throw invalidRequest("Name the model: 'model' (for example llama3.2 or qwen3:8b).", "model", "invalid_value");
  return { ...found, model: body.model };
}

/** Stops the upstream call when the admin client leaves. */
function cancelledWith(event: H3Event): Cancellation {
  const cancellation = new Cancellation();
  const signal = event.req.signal;
  const cancel = () => cancellation.cancel(new ProxyError(499, "The client closed the connection."));
  if (signal.aborted) cancel();
  else signal.addEventListener("abort", cancel, { once: true });
  return cancellation;
}

function forgetListing(app: AppContext, name: string): void {
  const running = app.snapshot.config.providers[name];
  if (running) app.models.forget(running);
}

function redacted(error: ProxyError, provider: ProviderConfig): ProxyError {
  return error.withoutText(provider.api_key ?? "", "[REDACTED]");
}
