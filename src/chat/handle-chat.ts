import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "../app-context.js";
import type { ProviderConfig } from "../config/schema.js";
import { ProxyError, toProxyError } from "../errors.js";
import { parseJsonBody, readRequestBody } from "../http/read-body.js";
import { sendError, sendJson } from "../http/respond.js";
import type { TranslationContext } from "../providers/types.js";
import type { RouteTarget } from "../routing/resolve-model.js";
import { readText, type UpstreamResponse } from "../upstream/client.js";
import { Cancellation } from "../upstream/cancellation.js";
import { ImageBudget } from "../images/image-budget.js";
import { addChunkText, completionText } from "../metrics/output-text.js";
import { CompletionAssembler } from "./assemble.js";
import { completionToChunks } from "./completion-to-chunks.js";
import type { ChatOutcome } from "./outcome.js";
import { collectStream, recordedChunks, relayStream, SSE_HEADERS, type StreamResult } from "./relay-stream.js";
import type { ChatCompletion, ChatRequest } from "./types.js";
import { validateChatRequest } from "./validate-request.js";

/** Upstream response headers worth passing on: the request id users quote to their provider. */
const FORWARDED_UPSTREAM_HEADERS = ["x-request-id"];

/**
 * `POST /v1/chat/completions`: parse and validate → route → model policy → cache lookup →
 * translate → call upstream → translate back, as JSON or as a stream relayed event by event, and
 * keep a clean answer in the cache. A client that leaves aborts the upstream call at once. Every
 * failure is answered in OpenAI's error shape.
 */
export async function handleChatCompletion(req: IncomingMessage, res: ServerResponse, app: AppContext): Promise<void> {
  const startedAt = performance.now();
  app.inFlightRequests++;
  const cancellation = new Cancellation();
  const onClientClose = () => {
    if (!res.writableFinished) cancellation.cancel(new ProxyError(499, "The client closed the connection."));
  };
  res.once("close", onClientClose);

  const outcome: ChatOutcome = {
    provider: undefined,
    model: undefined,
    status: 200,
    stream: false,
    usage: undefined,
    durationSeconds: 0,
    timeToFirstTokenSeconds: undefined,
    errorCode: undefined,
    upstreamError: false,
    cache: "bypass",
    request: undefined,
    outputText: undefined,
  };
  let provider: ProviderConfig | undefined;

  try {
    const received = validateChatRequest(parseJsonBody(await readRequestBody(req, app.config.server.max_body_size)));
    const target = app.resolver.resolve(received.model);
    provider = target.provider;
    outcome.provider = provider.name;
    outcome.model = target.upstreamModel;
    outcome.stream = received.stream === true;
    res.setHeader("x-llm-proxy-provider", provider.name);
    if (provider.api_key_env) throw missingKey(provider);

    const request = applyPolicy(app, received, target, res);
    outcome.request = request;
    const includeUsage = request.stream_options?.include_usage === true;
    const cachePlan = app.cache?.plan(request, provider.name, target.upstreamModel, req.headers["cache-control"]);
    if (app.cache && cachePlan?.read) {
      const found = await app.cache.lookup(cachePlan);
      const cached = found.status === "hit" ? parseCached(found.text) : undefined;
      if (found.status === "hit" && cached) {
        outcome.cache = "hit";
        res.setHeader(CACHE_HEADER, "HIT");
        noteUsage(outcome, cached);
        if (outcome.stream) replayAsStream(res, cached, includeUsage);
        else sendJson(res, 200, found.text);
        return;
      }
      if (found.status !== "unavailable") outcome.cache = "miss";
    }
    if (app.cache) res.setHeader(CACHE_HEADER, outcome.cache === "miss" ? "MISS" : "BYPASS");
    const save = app.cache && cachePlan?.write ? app.cache.save.bind(app.cache, cachePlan) : undefined;

    const adapter = app.adapterFor(provider.type);
    let images: ImageBudget | undefined;
    const ctx: TranslationContext = {
      provider,
      upstreamModel: target.upstreamModel,
      request,
      clientStream: outcome.stream,
      completionId: `chatcmpl-${randomUUID().replaceAll("-", "")}`,
      created: Math.floor(Date.now() / 1000),
      fetchImage: (url, param) => (images ??= new ImageBudget(app.fetchImage, app.config.images, cancellation)).fetch(url, param),
    };
    const call = await adapter.buildRequest(ctx);
    const upstream = await app.upstream.send(call, provider.timeouts, cancellation);
    if (upstream.status < 200 || upstream.status >= 300) {
      outcome.upstreamError = true;
      throw adapter.parseError(upstream.status, await readText(upstream.body), upstream.headers);
    }
    forwardUpstreamHeaders(upstream, res);

    const format = call.response;
    if (format === "json" || isJson(upstream)) {
      const translated = adapter.parseResponse(await readText(upstream.body), ctx);
      if (translated.usage) outcome.usage = translated.usage;
      else noteUsage(outcome, translated.completion);
      if (ctx.clientStream) {
        replayAsStream(res, translated.completion, includeUsage);
        if (save) save(translated.text ?? JSON.stringify(translated.completion));
        return;
      }
      const text = translated.text ?? JSON.stringify(translated.completion);
      sendJson(res, 200, text);
      if (save) save(text);
      return;
    }

    const translator = adapter.createStreamTranslator(ctx);
    if (!ctx.clientStream) {
      const assembled = await collectStream(upstream.body, format, translator);
      const completion = assembled.result();
      noteUsage(outcome, completion);
      const text = JSON.stringify(completion);
      sendJson(res, 200, text);
      if (save && assembled.complete) save(text);
      return;
    }
    // A long stream's chunks take memory: they are kept only to cache the answer, or to count
    // its tokens while this provider has not shown that its streams report usage.
    const record = save !== undefined || !app.streamUsageSeen.has(provider.name);
    const redact = (error: ProxyError) => redactKey(error, provider);
    const result = await relayStream({ res, body: upstream.body, format, translator, includeUsage, record, redact });
    outcome.usage = result.usage;
    if (result.firstOutputAt !== undefined) outcome.timeToFirstTokenSeconds = (result.firstOutputAt - startedAt) / 1000;
    if (result.usage) app.streamUsageSeen.add(provider.name);
    else if (!result.clientGone && !result.error) app.streamUsageSeen.delete(provider.name);
    if (!result.usage && record) outcome.outputText = streamedText(result);
    if (result.clientGone) outcome.status = 499;
    else if (result.error) recordFailure(outcome, result.error, true);
    else if (save) {
      const assembled = assembleRecorded(result);
      // An upstream that says [DONE] before every choice finished has not given a whole answer.
      if (assembled.complete) save(JSON.stringify(assembled.result()));
    }
  } catch (error) {
    if (cancellation.aborted) {
      outcome.status = 499;
      return;
    }
    const failure = redactKey(toProxyError(error), provider);
    recordFailure(outcome, failure, outcome.upstreamError || isUpstreamFailure(failure));
    if (!(error instanceof ProxyError)) app.logger.error("chat completion failed unexpectedly", { error, provider: provider?.name });
    sendError(res, failure);
  } finally {
    app.inFlightRequests--;
    res.off("close", onClientClose);
    outcome.durationSeconds = (performance.now() - startedAt) / 1000;
    for (const observe of app.observers) observe(outcome);
  }
}

const CACHE_HEADER = "x-llm-proxy-cache";

/** The route's policy mode (or the global one) applied to the request; changes are named in a header. */
function applyPolicy(app: AppContext, request: ChatRequest, target: RouteTarget, res: ServerResponse): ChatRequest {
  const result = app.policy.apply(request, target.upstreamModel, target.route?.policy ?? app.config.policy.mode);
  if (!result) return request;
  if (result.rewritten) res.setHeader("x-llm-proxy-rewritten", result.rewritten);
  return result.request;
}

/** A cached answer, or undefined when the entry is not one we wrote (then it is a miss). */
function parseCached(text: string): ChatCompletion | undefined {
  try {
    const completion = JSON.parse(text) as ChatCompletion;
    return Array.isArray(completion?.choices) ? completion : undefined;
  } catch {
    return undefined;
  }
}

function streamedText(result: StreamResult): string | undefined {
  const pieces: string[] = [];
  for (const chunk of recordedChunks(result)) addChunkText(chunk, pieces);
  return pieces.length > 0 ? pieces.join("") : undefined;
}

function assembleRecorded(result: StreamResult): CompletionAssembler {
  const assembler = new CompletionAssembler();
  for (const chunk of recordedChunks(result)) assembler.add(chunk);
  return assembler;
}

/** Usage for accounting; without it, the generated text so its tokens can be counted. */
function noteUsage(outcome: ChatOutcome, completion: ChatCompletion): void {
  if (completion.usage) outcome.usage = completion.usage;
  else outcome.outputText = completionText(completion);
}

function missingKey(provider: ProviderConfig): ProxyError {
  return new ProxyError(
    401,
    `No API key is configured for provider '${provider.name}': set the environment variable ${provider.api_key_env} and restart the proxy.`,
    { type: "invalid_request_error", code: "missing_api_key" },
  );
}

function recordFailure(outcome: ChatOutcome, error: ProxyError, fromUpstream: boolean): void {
  outcome.status = error.status;
  outcome.errorCode = error.code ?? error.type;
  outcome.upstreamError = fromUpstream;
}

function isUpstreamFailure(error: ProxyError): boolean {
  return error.status === 502 || error.status === 504;
}

/** Upstreams sometimes quote the key they were sent; it must not reach the client. */
function redactKey(error: ProxyError, provider: ProviderConfig | undefined): ProxyError {
  const key = provider?.api_key;
  if (!key || !error.message.includes(key)) return error;
  return new ProxyError(error.status, error.message.split(key).join("[REDACTED]"), {
    type: error.type,
    param: error.param,
    code: error.code,
    headers: error.headers,
  });
}

function forwardUpstreamHeaders(upstream: UpstreamResponse, res: ServerResponse): void {
  for (const name of FORWARDED_UPSTREAM_HEADERS) {
    const value = upstream.headers[name];
    if (typeof value === "string") res.setHeader(name, value);
  }
}

/** Some servers ignore `stream: true` and answer with one JSON body. */
function isJson(upstream: UpstreamResponse): boolean {
  const type = upstream.headers["content-type"];
  return typeof type === "string" && type.includes("application/json");
}

function replayAsStream(res: ServerResponse, completion: ChatCompletion, includeUsage: boolean): void {
  let text = "";
  for (const chunk of completionToChunks(completion)) {
    if (!includeUsage && chunk.choices.length === 0) continue;
    text += `data: ${JSON.stringify(chunk)}\n\n`;
  }
  res.writeHead(200, SSE_HEADERS);
  res.end(`${text}data: [DONE]\n\n`);
}
