import type { AppContext } from "../app-context.js";
import { collectStream } from "../chat/collect-stream.js";
import { chatCompletions } from "../chat/spec.js";
import type { ChatRequest } from "../chat/types.js";
import { invalidRequest, ProxyError, toProxyError } from "../errors.js";
import { isSecretHeader } from "../lib/secret-header.js";
import { withCredentials } from "../pipeline/credentials.js";
import type { ProviderConfig, ProviderType, Timeouts, TranslationContext } from "../providers/types.js";
import { answeredWithJson, readText } from "../upstream/client.js";
import { Cancellation } from "../upstream/cancellation.js";
import { providerFetch } from "../upstream/provider-fetch.js";

export interface ConnectionTestResult {
  ok: boolean;
  latency_ms: number;
  model: string;
  error?: { status: number; message: string };
}

const PROMPT = "Answer with the word OK.";
/** Enough for "OK" and a little more; the test is about whether the key and the model work, not the answer. */
const MAX_TOKENS = 8;
/** A test answers within half a minute, whatever the provider's (long, for reasoning models) timeouts. */
const TEST_TIMEOUT_MS = 30_000;

/**
 * A short real chat call through the provider's own translation, credentials step and the shared
 * upstream pools, the way a client's request would go (its model's parameter policy included):
 * whether the key and the model work, and how long the answer took. A failure is the upstream's
 * status and message, with any secret of the provider taken out.
 */
export async function testConnection(app: AppContext, provider: ProviderConfig, model: string): Promise<ConnectionTestResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (provider.api_key_env) {
    return {
      ok: false,
      latency_ms: 0,
      model,
      error: { status: 401, message: `No API key: the environment variable ${provider.api_key_env} is not set.` },
    };
  }
  const adapter = app.adapterFor(provider.type);
  const snapshot = app.snapshot;
  const asked: ChatRequest = { model, messages: [{ role: "user", content: PROMPT }], max_tokens: MAX_TOKENS };
  const { request } = chatCompletions.prepare(asked, { provider, upstreamModel: model, route: undefined }, snapshot);
  const cancellation = new Cancellation();
  const timer = setTimeout(
    () => cancellation.cancel(new ProxyError(504, "The provider did not answer the test within 30 s.")),
    TEST_TIMEOUT_MS,
  );
  try {
    const ctx: TranslationContext = {
      provider,
      upstreamModel: model,
      request,
      clientStream: false,
      completionId: chatCompletions.newId(),
      created: Math.floor(Date.now() / 1000),
      fetchImage: () => Promise.reject(new ProxyError(400, "The connection test sends no images.")),
    };
    const call = withCredentials(await adapter.chat.buildRequest(ctx), provider, adapter.auth);
    const upstream = await app.upstream.send(call, testTimeouts(provider.timeouts), cancellation);
    if (upstream.status < 200 || upstream.status >= 300)
      throw adapter.parseError(upstream.status, await readText(upstream.body), upstream.headers);
    if (call.response === "json" || answeredWithJson(upstream)) adapter.chat.parseResponse(await readText(upstream.body), ctx).completion;
    else (await collectStream(upstream.body, call.response, adapter.chat.createStreamTranslator(ctx))).result();
    return { ok: true, latency_ms: elapsed(), model };
  } catch (error) {
    const failure = cancellation.aborted && cancellation.reason instanceof ProxyError ? cancellation.reason : toProxyError(error);
    return {
      ok: false,
      latency_ms: elapsed(),
      model,
      error: { status: failure.status, message: withoutSecrets(failure.message, provider) },
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Models every account of these providers has, for a test that names none. */
const DEFAULT_MODELS_BY_HOST: Record<string, string> = {
  "api.openai.com": "gpt-4o-mini",
  "api.deepseek.com": "deepseek-chat",
  "api.groq.com": "llama-3.1-8b-instant",
  "openrouter.ai": "openai/gpt-4o-mini",
};
const DEFAULT_MODELS_BY_TYPE: Partial<Record<ProviderType, string>> = {
  anthropic: "claude-haiku-4-5",
  gemini: "gemini-2.5-flash",
  mistral: "mistral-small-latest",
  qwen: "qwen-plus",
};

/**
 * The model a test uses when the request names none: the provider's first listed model, else one
 * its API is known to serve, else the first of its live listing (a local Ollama's installed models).
 */
export async function defaultTestModel(app: AppContext, provider: ProviderConfig): Promise<string> {
  const known =
    provider.models?.[0] ?? DEFAULT_MODELS_BY_HOST[URL.parse(provider.base_url)?.hostname ?? ""] ?? DEFAULT_MODELS_BY_TYPE[provider.type];
  if (known) return known;
  const adapter = app.adapterFor(provider.type);
  const listed =
    adapter.listModels && !provider.api_key_env
      ? await adapter.listModels(provider, providerFetch(app.upstream, provider, adapter.auth)).catch(() => [])
      : [];
  if (listed[0]) return listed[0].id;
  throw invalidRequest(
    `Provider '${provider.name}' lists no model to test with: name one in the request ({"model": "..."}).`,
    "model",
    "model_required",
  );
}

function testTimeouts(timeouts: Timeouts): Timeouts {
  return {
    connect_ms: Math.min(timeouts.connect_ms, TEST_TIMEOUT_MS),
    first_byte_ms: Math.min(timeouts.first_byte_ms, TEST_TIMEOUT_MS),
    idle_ms: Math.min(timeouts.idle_ms, TEST_TIMEOUT_MS),
  };
}

function withoutSecrets(message: string, provider: ProviderConfig): string {
  const secrets = [
    provider.api_key,
    ...Object.entries(provider.headers).map(([name, value]) => (isSecretHeader(name) ? value : undefined)),
  ];
  let out = message;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join("[REDACTED]");
  return out;
}
