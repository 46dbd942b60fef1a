import type { ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { ProxyError, toProxyError } from "../errors.js";
import type { StreamTranslator } from "../providers/types.js";
import { createEventFeed } from "../streaming/event-feed.js";
import { discard } from "../upstream/discard.js";
import { CompletionAssembler } from "./assemble.js";
import { carriesOutput, isUsageOnlyChunk } from "./chunk-facts.js";
import type { ChatCompletionChunk, CompletionUsage } from "./types.js";

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  // Reverse proxies such as nginx buffer responses unless told not to.
  "x-accel-buffering": "no",
};

export interface StreamResult {
  usage: CompletionUsage | undefined;
  /**
   * With `record`, every chunk the upstream sent, including a held-back usage chunk: its JSON
   * text where the translator relayed upstream bytes, else the object (see `recordedChunks`).
   */
  recorded: Array<ChatCompletionChunk | string>;
  /** performance.now() when the first generated token went out. */
  firstOutputAt: number | undefined;
  /** The error sent to the client mid-stream, if the stream failed. */
  error: ProxyError | undefined;
  clientGone: boolean;
}

export interface RelayOptions {
  res: ServerResponse;
  body: Readable;
  format: "sse" | "ndjson";
  translator: StreamTranslator;
  /** The client's `stream_options.include_usage`: otherwise the usage chunk is kept back. */
  includeUsage: boolean;
  /**
   * Keep every chunk until the stream ends (to cache the answer, or to count its tokens should
   * the upstream report no usage). Off, a stream holds nothing but what is in flight.
   */
  record: boolean;
  /** Applied to an error before it is sent mid-stream (e.g. to take a quoted API key out). */
  redact?: (error: ProxyError) => ProxyError;
}

/** The recorded chunks as objects (parsing those that were relayed unparsed). */
export function recordedChunks(result: StreamResult): ChatCompletionChunk[] {
  return result.recorded.map((chunk) => (typeof chunk === "string" ? (JSON.parse(chunk) as ChatCompletionChunk) : chunk));
}

/** The upstream body failed after the stream began (a cut connection, a stall), worded for the client. */
function upstreamStreamFailure(error: unknown): ProxyError {
  if (error instanceof ProxyError) return error;
  if ((error as { code?: string } | null)?.code === "UND_ERR_BODY_TIMEOUT") {
    return new ProxyError(504, "The upstream provider stopped sending data mid-stream.", {
      type: "timeout_error",
      code: "upstream_timeout",
    });
  }
  return new ProxyError(502, "The upstream connection failed mid-stream.", { type: "upstream_error", code: "upstream_stream_error" });
}

/**
 * Relays an upstream stream to the client as OpenAI SSE, event by event: every upstream read
 * that yields chunks is written at once (one write per read, so events that arrived together
 * leave together), nothing waits for the end. Honours backpressure from slow clients. A failure
 * becomes one `data: {"error":…}` event and the end of the stream, without `[DONE]`.
 */
export function relayStream(options: RelayOptions): Promise<StreamResult> {
  const { res, body } = options;
  const result: StreamResult = { usage: undefined, recorded: [], firstOutputAt: undefined, error: undefined, clientGone: false };
  let pending = "";

  const feed = createEventFeed(options.format, options.translator, {
    chunk(chunk, text) {
      if (chunk.usage) result.usage = chunk.usage;
      if (result.firstOutputAt === undefined && carriesOutput(chunk)) result.firstOutputAt = performance.now();
      if (options.record) result.recorded.push(text ?? chunk);
      if (!options.includeUsage && isUsageOnlyChunk(chunk)) return;
      pending += `data: ${text ?? JSON.stringify(chunk)}\n\n`;
    },
    relay(text) {
      if (options.record) result.recorded.push(text);
      pending += `data: ${text}\n\n`;
    },
  });

  res.writeHead(200, SSE_HEADERS);

  return new Promise((resolve) => {
    let settled = false;
    const resume = () => body.resume();
    // The headers leave with the first event when it is already here (one write instead of two);
    // when it is not, they leave now, so clients waiting on headers (a reasoning model may think
    // for minutes before its first token) know the request was accepted.
    const flushHeadersSoon = setImmediate(() => {
      if (!res.headersSent && !res.destroyed) res.flushHeaders();
    });

    const settle = () => {
      settled = true;
      clearImmediate(flushHeadersSoon);
      body.off("data", onData);
      body.off("end", onEnd);
      body.off("error", onError);
      res.off("close", onClientClose);
      res.off("drain", resume);
      resolve(result);
    };

    const flush = () => {
      if (pending.length === 0) return;
      const accepted = res.write(pending);
      pending = "";
      if (!accepted) {
        body.pause();
        res.once("drain", resume);
      }
    };

    const fail = (error: ProxyError) => {
      if (settled) return;
      discard(body);
      if (res.destroyed) {
        result.clientGone = true;
        settle();
        return;
      }
      result.error = options.redact ? options.redact(error) : error;
      res.end(`${pending}data: ${JSON.stringify(result.error.toBody())}\n\n`);
      pending = "";
      settle();
    };

    const onData = (bytes: Buffer) => {
      try {
        feed.write(bytes);
      } catch (error) {
        fail(toProxyError(error));
        return;
      }
      flush();
    };

    const onEnd = () => {
      try {
        feed.end();
      } catch (error) {
        fail(toProxyError(error));
        return;
      }
      res.end(`${pending}data: [DONE]\n\n`);
      pending = "";
      settle();
    };

    const onError = (error: Error) => fail(upstreamStreamFailure(error));

    const onClientClose = () => {
      if (settled) return;
      result.clientGone = true;
      discard(body);
      settle();
    };

    body.on("data", onData);
    body.once("end", onEnd);
    body.once("error", onError);
    res.once("close", onClientClose);
  });
}

/** Reads a whole upstream stream into one completion, for a client that asked for JSON. */
export function collectStream(body: Readable, format: "sse" | "ndjson", translator: StreamTranslator): Promise<CompletionAssembler> {
  const assembler = new CompletionAssembler();
  const feed = createEventFeed(format, translator, {
    chunk: (chunk) => assembler.add(chunk),
    relay: (text) => assembler.add(JSON.parse(text)),
  });
  return new Promise((resolve, reject) => {
    const fail = (error: ProxyError) => {
      discard(body);
      reject(error);
    };
    body.on("data", (bytes: Buffer) => {
      try {
        feed.write(bytes);
      } catch (error) {
        fail(toProxyError(error));
      }
    });
    body.once("end", () => {
      try {
        feed.end();
      } catch (error) {
        fail(toProxyError(error));
        return;
      }
      resolve(assembler);
    });
    body.once("error", (error) => fail(upstreamStreamFailure(error)));
  });
}
