import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "../app-context.js";
import type { ProviderConfig } from "../config/schema.js";
import { ProxyError, toProxyError } from "../errors.js";
import { parseJsonBody, readRequestBody } from "../http/read-body.js";
import { sendError, sendJson } from "../http/respond.js";
import type { TranslationContext } from "../providers/types.js";
import { readText, type UpstreamResponse } from "../upstream/client.js";
import { Cancellation } from "../upstream/cancellation.js";
import { completionToChunks } from "./completion-to-chunks.js";
import type { ChatOutcome } from "./outcome.js";
import { collectStream, relayStream, SSE_HEADERS } from "./relay-stream.js";
import type { ChatCompletion } from "./types.js";
import { validateChatRequest } from "./validate-request.js";

/** Upstream response headers worth passing on: the request id users quote to their provider. */
const FORWARDED_UPSTREAM_HEADERS = ["x-request-id"];

/**
 * `POST /v1/chat/completions`: parse and validate → route → translate → call upstream → translate
 * back, as JSON or as a stream relayed event by event. A client that leaves aborts the upstream
 * call at once. Every failure is answered in OpenAI's error shape.
 */
export async function handleChatCompletion(req: IncomingMessage, res: ServerResponse, app: AppContext): Promise<void> {
  const startedAt = performance.now();
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
  };
  let provider: ProviderConfig | undefined;

  try {
    const request = validateChatRequest(parseJsonBody(await readRequestBody(req, app.config.server.max_body_size)));
    const target = app.resolver.resolve(request.model);
    provider = target.provider;
    outcome.provider = provider.name;
    outcome.model = target.upstreamModel;
    outcome.stream = request.stream === true;
    res.setHeader("x-llm-proxy-provider", provider.name);
    if (provider.api_key_env) throw missingKey(provider);

    const adapter = app.adapterFor(provider.type);
    const ctx: TranslationContext = {
      provider,
      upstreamModel: target.upstreamModel,
      request,
      clientStream: outcome.stream,
      completionId: `chatcmpl-${randomUUID().replaceAll("-", "")}`,
      created: Math.floor(Date.now() / 1000),
      fetchImage: app.fetchImage,
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
      outcome.usage = translated.completion.usage;
      if (ctx.clientStream) replayAsStream(res, translated.completion, request.stream_options?.include_usage === true);
      else sendJson(res, 200, translated.text ?? JSON.stringify(translated.completion));
      return;
    }

    const translator = adapter.createStreamTranslator(ctx);
    if (!ctx.clientStream) {
      const completion = await collectStream(upstream.body, format, translator);
      outcome.usage = completion.usage;
      sendJson(res, 200, JSON.stringify(completion));
      return;
    }
    const result = await relayStream({
      res,
      body: upstream.body,
      format,
      translator,
      includeUsage: request.stream_options?.include_usage === true,
    });
    outcome.usage = result.usage;
    if (result.firstOutputAt !== undefined) outcome.timeToFirstTokenSeconds = (result.firstOutputAt - startedAt) / 1000;
    if (result.clientGone) outcome.status = 499;
    else if (result.error) recordFailure(outcome, result.error, true);
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
    res.off("close", onClientClose);
    outcome.durationSeconds = (performance.now() - startedAt) / 1000;
    for (const observe of app.observers) observe(outcome);
  }
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
