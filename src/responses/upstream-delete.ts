import type { AppContext } from "../app-context.js";
import { withCredentials } from "../pipeline/credentials.js";
import { readText } from "../upstream/client.js";
import { discard } from "../upstream/discard.js";

/**
 * Deletes a response at the upstream that keeps it too (it answered natively with `store` on), so
 * `DELETE /v1/responses/{id}` leaves no copy behind. An upstream that no longer has it (404) is
 * done already; any other failure is thrown, before the proxy deletes its own copy, so the client
 * can try again. A provider since removed from the config is left alone.
 */
export async function deleteAtUpstream(app: AppContext, providerName: string, id: string): Promise<void> {
  const provider = app.snapshot.config.providers[providerName];
  const adapter = provider && app.adapterFor(provider.type);
  if (!provider || !adapter?.responses || provider.api_key_env) return;
  const call = withCredentials(adapter.responses.deleteRequest(provider, id), provider, adapter.auth);
  const upstream = await app.upstream.send(call, provider.timeouts);
  if ((upstream.status >= 200 && upstream.status < 300) || upstream.status === 404) {
    discard(upstream.body);
    return;
  }
  throw adapter
    .parseError(upstream.status, await readText(upstream.body), upstream.headers)
    .withoutText(provider.api_key ?? "", "[REDACTED]");
}
