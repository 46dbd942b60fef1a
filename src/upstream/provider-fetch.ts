import { withCredentials } from "../pipeline/credentials.js";
import type { AuthScheme, FetchUpstream, ProviderConfig } from "../providers/types.js";
import { readText, type UpstreamClient } from "./client.js";

/** Small calls to a provider (listings, admin calls) go out with its credentials, on the shared pools, like every other call. */
export function providerFetch(upstream: UpstreamClient, provider: ProviderConfig, auth: AuthScheme): FetchUpstream {
  return async (call, timeouts) => {
    const response = await upstream.send(withCredentials(call, provider, auth), timeouts);
    return { status: response.status, headers: response.headers, text: await readText(response.body) };
  };
}
