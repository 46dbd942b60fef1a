import { Pool, errors as undiciErrors } from "undici";
import type { ConnectionOptions } from "node:tls";
import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { ProxyError } from "../errors.js";
import type { Timeouts, UpstreamCall, UpstreamHeaders } from "../providers/types.js";
import type { Cancellation } from "./cancellation.js";
import { HTTP2_STREAMS_PER_CONNECTION, multiplexingClients } from "./http2.js";

export interface UpstreamResponse {
  status: number;
  headers: UpstreamHeaders;
  /** The (decoded) body. Destroying it releases the connection. */
  body: Readable;
}

export interface UpstreamClientOptions {
  /** The most connections one origin gets; undefined: no bound, so no request waits for another to finish. */
  maxConnectionsPerOrigin: number | undefined;
  keepAliveMs: number;
  /** Offer HTTP/2 when connecting over TLS; on connections that negotiate it, streams share the connection. */
  http2: boolean;
  /** Extra TLS settings for every upstream connection (a private CA). */
  tls?: ConnectionOptions;
}

/** What the pools of one origin hold right now, for the upstream gauges. */
export interface OriginStats {
  /** `host:port`, never the userinfo a base_url might carry. */
  origin: string;
  /** Open connections. */
  connections: number;
  /** Requests in flight on them (on HTTP/2, several per connection). */
  streams: number;
  /** Requests not sent yet: waiting for a connection to open, or for a free one under a bound. */
  waiting: number;
}

/**
 * One keep-alive undici Pool per upstream origin, created on first use and reused by every
 * request after it: no per-request client construction on the hot path.
 */
export class UpstreamClient {
  /** By origin, then connect timeout (a pool's sockets share one). */
  private readonly pools = new Map<string, Map<number, Pool>>();
  private readonly options: UpstreamClientOptions;

  constructor(options: UpstreamClientOptions) {
    this.options = options;
  }

  /** Per origin, summed over its pools. */
  stats(): OriginStats[] {
    const stats: OriginStats[] = [];
    for (const [origin, byTimeout] of this.pools) {
      const entry: OriginStats = { origin: URL.parse(origin)?.host ?? origin, connections: 0, streams: 0, waiting: 0 };
      for (const pool of byTimeout.values()) {
        const { connected, running, pending } = pool.stats;
        entry.connections += connected;
        entry.streams += running;
        entry.waiting += pending;
      }
      stats.push(entry);
    }
    return stats;
  }

  private poolFor(origin: string, connectTimeoutMs: number): Pool {
    let byTimeout = this.pools.get(origin);
    if (!byTimeout) this.pools.set(origin, (byTimeout = new Map()));
    let pool = byTimeout.get(connectTimeoutMs);
    if (!pool) {
      const { http2, tls } = this.options;
      pool = new Pool(origin, {
        connections: this.options.maxConnectionsPerOrigin ?? null,
        connectTimeout: connectTimeoutMs,
        keepAliveTimeout: this.options.keepAliveMs,
        keepAliveMaxTimeout: Math.max(this.options.keepAliveMs, 600_000),
        // Streams are relayed event by event; Nagle's delay would hold small events back.
        connect: { ...tls, noDelay: true },
        ...(http2 ? { allowH2: true, maxConcurrentStreams: HTTP2_STREAMS_PER_CONNECTION, factory: multiplexingClients } : {}),
      });
      byTimeout.set(connectTimeoutMs, pool);
    }
    return pool;
  }

  /**
   * Sends a call. Connection failures become 502, timeouts 504; a cancellation (the client went
   * away) rejects with its reason, which callers treat as "say nothing".
   */
  async send(call: UpstreamCall, timeouts: Timeouts, signal?: Cancellation): Promise<UpstreamResponse> {
    const { origin, path } = splitUrl(call.url);
    const pool = this.poolFor(origin, timeouts.connect_ms);
    try {
      const response = await pool.request({
        path,
        method: call.method,
        headers: call.headers,
        body: call.body ?? null,
        signal: signal ?? null,
        // undici holds a request it deems non-idempotent (a POST) until the connection has no
        // other in flight: on HTTP/2 that would forbid sharing one. Bodies here are strings that
        // a stream failure never replays, and HTTP/1.1 connections carry one request at a time.
        idempotent: this.options.http2 || undefined,
        headersTimeout: timeouts.first_byte_ms,
        bodyTimeout: timeouts.idle_ms,
      });
      return { status: response.statusCode, headers: response.headers, body: decode(response.body, response.headers) };
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      throw upstreamFailure(error);
    }
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()].flatMap((byTimeout) => [...byTimeout.values()]);
    this.pools.clear();
    await Promise.allSettled(pools.map((pool) => pool.close()));
  }
}

const PLAIN_PATH = /^\/[\x21-\x7e]*$/;

/**
 * An upstream URL's origin and path. Calls are built on validated base_urls, so the first "/"
 * after "://" starts the path and a URL parse per request is not needed; a path with anything
 * to encode still goes through the WHATWG parser.
 */
export function splitUrl(url: string): { origin: string; path: string } {
  const slash = url.indexOf("/", url.indexOf("://") + 3);
  const path = slash === -1 ? "/" : url.slice(slash);
  if (slash !== -1 && PLAIN_PATH.test(path)) return { origin: url.slice(0, slash), path };
  const parsed = new URL(url);
  return { origin: parsed.origin, path: parsed.pathname + parsed.search };
}

/** Undici and socket errors → the client-facing error. The message never carries request details. */
export function upstreamFailure(error: unknown): ProxyError {
  if (error instanceof ProxyError) return error;
  const code = (error as { code?: string } | null)?.code;
  if (error instanceof undiciErrors.ConnectTimeoutError || code === "UND_ERR_CONNECT_TIMEOUT") {
    return new ProxyError(504, "Timed out connecting to the upstream provider.", {
      type: "timeout_error",
      code: "upstream_timeout",
      recovery: "retry",
    });
  }
  if (error instanceof undiciErrors.HeadersTimeoutError || code === "UND_ERR_HEADERS_TIMEOUT") {
    return new ProxyError(504, "The upstream provider did not answer in time.", {
      type: "timeout_error",
      code: "upstream_timeout",
      recovery: "retry",
    });
  }
  if (error instanceof undiciErrors.BodyTimeoutError || code === "UND_ERR_BODY_TIMEOUT") {
    return new ProxyError(504, "The upstream provider stopped sending data.", {
      type: "timeout_error",
      code: "upstream_timeout",
      recovery: "retry",
    });
  }
  const detail = code ? ` (${code})` : "";
  return new ProxyError(502, `Could not reach the upstream provider${detail}.`, {
    type: "upstream_error",
    code: "upstream_unreachable",
    recovery: "retry",
  });
}

function decode(body: Readable, headers: UpstreamResponse["headers"]): Readable {
  const encoding = String(headers["content-encoding"] ?? "")
    .trim()
    .toLowerCase();
  if (!encoding || encoding === "identity") return body;
  const decoder =
    encoding === "gzip" || encoding === "x-gzip"
      ? createGunzip()
      : encoding === "br"
        ? createBrotliDecompress()
        : encoding === "deflate"
          ? createInflate()
          : undefined;
  if (!decoder) return body;
  body.on("error", (error) => decoder.destroy(error));
  decoder.on("close", () => body.destroy());
  return body.pipe(decoder);
}

/** Reads a whole (error or JSON) body as text; a body cut or stalled midway is a 502/504. */
export function readText(body: Readable): Promise<string> {
  return readWhole(body, (bytes) => bytes.toString("utf8"));
}

/** Reads a whole body as its bytes, for an answer that may be relayed as it came. */
export function readBytes(body: Readable): Promise<Buffer> {
  return readWhole(body, (bytes) => bytes);
}

function readWhole<T>(body: Readable, finish: (bytes: Buffer) => T): Promise<T> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    body.on("data", (part: Buffer) => parts.push(part));
    body.once("end", () => resolve(finish(parts.length === 1 ? parts[0]! : Buffer.concat(parts))));
    body.once("error", (error) => reject(upstreamFailure(error)));
  });
}

/** Some servers ignore `stream: true` and answer with one JSON body. */
export function answeredWithJson(upstream: UpstreamResponse): boolean {
  const type = upstream.headers["content-type"];
  return typeof type === "string" && type.includes("application/json");
}
