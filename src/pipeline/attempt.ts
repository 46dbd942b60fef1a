import { ProxyError } from "../errors.js";
import { ImageBudget } from "../images/image-budget.js";
import type { ProviderConfig, TranslationContext } from "../providers/types.js";
import { readText, type UpstreamResponse } from "../upstream/client.js";
import { recoveryForResponse } from "../upstream/recovery.js";
import type { Cancellation } from "../upstream/cancellation.js";
import { withCredentials } from "./credentials.js";
import { EarlyStreamFailure } from "./early-stream-failure.js";
import type { Answer, Attempt, Candidate, Exchange } from "./types.js";
import { preparedFor } from "./prepare.js";

/** Upstream response headers worth passing on: the request id users quote to their provider. */
const FORWARDED_UPSTREAM_HEADERS = ["x-request-id"];

/**
 * One attempt against one candidate: the policy of *its* model → translate → credentials → send →
 * classify a failure (retry, next target, or give up) → the answer at its commit point. Throws
 * ProxyError, with any key the upstream quoted taken out. `signal` (an attempt bounded by the
 * request's deadline) stands in for the request's own cancellation.
 */
export async function attemptCandidate<Request>(
  exchange: Exchange<Request>,
  candidate: Candidate<Request>,
  signal: Cancellation = exchange.cancellation,
): Promise<Answer> {
  const { app, outcome, spec, headers } = exchange;
  const { provider, upstreamModel } = candidate.target;
  outcome.provider = provider.name;
  outcome.model = upstreamModel;
  outcome.upstreamError = false;
  headers["x-llm-proxy-provider"] = provider.name;
  try {
    if (provider.api_key_env) throw missingKey(provider);
    const prepared = preparedFor(exchange, candidate);
    outcome.request = prepared.request;
    if (prepared.rewritten) headers["x-llm-proxy-rewritten"] = prepared.rewritten;
    else delete headers["x-llm-proxy-rewritten"];

    const adapter = app.adapterFor(provider.type);
    let images: ImageBudget | undefined;
    const ctx: TranslationContext<Request> = {
      provider,
      upstreamModel,
      request: prepared.request,
      clientStream: exchange.stream,
      completionId: spec.newId(),
      created: Math.floor(Date.now() / 1000),
      fetchImage: (url, param) =>
        (images ??= new ImageBudget(app.fetchImage, exchange.snapshot.config.images, exchange.cancellation)).fetch(url, param),
    };
    const attempt: Attempt<Request> = { exchange, candidate, adapter, ctx };
    // Most translations are synchronous: awaiting only real promises saves a turn of the microtask queue per request.
    const built = spec.buildCall(attempt);
    const call = withCredentials(built instanceof Promise ? await built : built, provider, adapter.auth);
    outcome.attempts++;
    headers["x-llm-proxy-attempts"] = String(outcome.attempts);
    const upstream = await app.upstream.send(call, provider.timeouts, signal);
    if (upstream.status < 200 || upstream.status >= 300) {
      outcome.upstreamError = true;
      const error = adapter.parseError(upstream.status, await readText(upstream.body), upstream.headers);
      throw error.withRecovery(recoveryForResponse(upstream.status, upstream.headers, error.code));
    }
    const answer = await spec.receive(upstream, call, attempt);
    forwardUpstreamHeaders(upstream, headers);
    return answer;
  } catch (error) {
    let failure = error;
    if (error instanceof EarlyStreamFailure) {
      outcome.upstreamError = true;
      failure = error.failure;
    }
    if (failure instanceof ProxyError) throw failure.withoutText(provider.api_key ?? "", "[REDACTED]");
    throw failure;
  }
}

function missingKey(provider: ProviderConfig): ProxyError {
  return new ProxyError(
    401,
    `No API key is configured for provider '${provider.name}': set the environment variable ${provider.api_key_env} and restart the proxy.`,
    { type: "invalid_request_error", code: "missing_api_key", recovery: "next" },
  );
}

function forwardUpstreamHeaders(upstream: UpstreamResponse, headers: Record<string, string>): void {
  for (const name of FORWARDED_UPSTREAM_HEADERS) {
    const value = upstream.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
}
