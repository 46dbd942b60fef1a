import { Agent } from "undici";
import type { Readable } from "node:stream";
import type { ImagesConfig } from "../config/schema.js";
import { invalidRequest, type ProxyError } from "../errors.js";
import type { Logger } from "../log.js";
import type { InlineImage } from "../providers/shared/data-url.js";
import { discard } from "../upstream/discard.js";
import { HostPolicy, RefusedAddressError, type Resolver } from "./host-policy.js";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_URL_IN_MESSAGE = 200;

/** A reason the image was not fetched, worded for the client. */
class FetchRefusal extends Error {}

export interface ImageFetcherOptions {
  /** How host names resolve (tests answer from a table); the system resolver by default. */
  resolver?: Resolver;
  /** Where refused addresses are logged (debug level), since the client is not told them. */
  logger?: Logger;
}

/**
 * Fetches http(s) image URLs for providers that need image bytes (Ollama, Gemini), guarded
 * against server-side request forgery: only public addresses (checked after DNS resolution, on
 * every redirect hop, on the address actually connected to), a size cap, a deadline for the
 * whole fetch, an image content type and a bounded number of redirects. One shared undici agent
 * serves every fetch. Any failure is a 400 naming the URL.
 */
export class ImageFetcher {
  private readonly settings: ImagesConfig;
  private readonly policy: HostPolicy;
  private readonly agent: Agent;
  private readonly logger: Logger | undefined;

  constructor(settings: ImagesConfig, options: ImageFetcherOptions = {}) {
    this.settings = settings;
    this.logger = options.logger;
    this.policy = new HostPolicy(settings.allow_hosts, options.resolver);
    this.agent = new Agent({
      connections: 16,
      keepAliveTimeout: 4_000,
      headersTimeout: settings.timeout_ms,
      bodyTimeout: settings.timeout_ms,
      connect: { timeout: settings.timeout_ms, lookup: this.policy.lookup },
    });
  }

  /**
   * `abandon` stops the fetch early (the request failed or its client left); `maxBytes` lowers
   * the size cap (what is left of the request's image budget).
   */
  readonly fetch = async (url: string, param: string, abandon?: AbortSignal, maxBytes = this.settings.max_bytes): Promise<InlineImage> => {
    const deadline = AbortSignal.timeout(this.settings.timeout_ms);
    try {
      return await this.follow(url, abandon ? AbortSignal.any([deadline, abandon]) : deadline, Math.min(maxBytes, this.settings.max_bytes));
    } catch (error) {
      if (error instanceof RefusedAddressError) this.logger?.debug("image fetch refused", { host: error.host, address: error.address });
      throw refused(url, param, reason(error, deadline, this.settings.timeout_ms, abandon));
    }
  };

  close(): Promise<void> {
    return this.agent.close();
  }

  private async follow(url: string, signal: AbortSignal, maxBytes: number): Promise<InlineImage> {
    let current = parseHttpUrl(url);
    for (let redirects = 0; ; redirects++) {
      this.policy.checkLiteral(current.hostname);
      const response = await this.agent.request({
        origin: current.origin,
        path: current.pathname + current.search,
        method: "GET",
        headers: { accept: "image/*", "user-agent": "llm-proxy" },
        signal,
      });
      const location = response.headers.location;
      if (REDIRECT_STATUSES.has(response.statusCode) && typeof location === "string") {
        discard(response.body);
        if (redirects >= this.settings.max_redirects) {
          throw new FetchRefusal(`it redirects more than ${this.settings.max_redirects} times`);
        }
        current = parseHttpUrl(location, current);
        continue;
      }
      if (response.statusCode < 200 || response.statusCode >= 300) {
        discard(response.body);
        throw new FetchRefusal(`the server answered HTTP ${response.statusCode}`);
      }
      const mediaType = imageMediaType(response.headers["content-type"]);
      if (!mediaType) {
        discard(response.body);
        throw new FetchRefusal(`it is not an image (content type ${JSON.stringify(String(response.headers["content-type"] ?? "none"))})`);
      }
      const bytes = await readLimited(response.body, maxBytes, response.headers["content-length"]);
      return { mediaType, base64: bytes.toString("base64") };
    }
  }
}

/** `text` as an http(s) URL; a redirect's Location is read relative to the URL it came from. */
function parseHttpUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new FetchRefusal(base ? "it redirects to an invalid URL" : "it is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new FetchRefusal("only http and https URLs can be fetched");
  return url;
}

function imageMediaType(header: string | string[] | undefined): string | undefined {
  if (typeof header !== "string") return undefined;
  const mediaType = header.split(";")[0]!.trim().toLowerCase();
  return /^image\/[a-z0-9.+-]+$/.test(mediaType) ? mediaType : undefined;
}

async function readLimited(body: Readable, limit: number, declared: string | string[] | undefined): Promise<Buffer> {
  const tooLarge = () =>
    new FetchRefusal(`it is larger than the ${limit} bytes left for images (images.max_bytes, images.max_total_bytes)`);
  if (typeof declared === "string" && Number(declared) > limit) {
    discard(body);
    throw tooLarge();
  }
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of body) {
    size += (part as Buffer).length;
    if (size > limit) {
      discard(body);
      throw tooLarge();
    }
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts, size);
}

function reason(error: unknown, deadline: AbortSignal, timeoutMs: number, abandon: AbortSignal | undefined): string {
  if (error instanceof FetchRefusal) return error.message;
  if (abandon?.aborted) return "the request was abandoned";
  if (error instanceof RefusedAddressError) return `${error.message} (allow the host in images.allow_hosts to fetch it anyway)`;
  if (deadline.aborted) return `it did not arrive within ${timeoutMs} ms`;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "its host name does not resolve";
  return typeof code === "string" ? `the connection failed (${code})` : "the connection failed";
}

export function refused(url: string, param: string, why: string): ProxyError {
  const shown = url.length > MAX_URL_IN_MESSAGE ? `${url.slice(0, MAX_URL_IN_MESSAGE)}…` : url;
  return invalidRequest(`Invalid '${param}': the image at ${shown} could not be fetched: ${why}.`, param, "invalid_image_url");
}
