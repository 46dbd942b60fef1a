/**
 * The contract every provider folder fulfils, and everything a provider may know of the proxy.
 * A provider is translations only: pure functions from OpenAI's wire shape to its native one and
 * back. Transport, credentials, retries, streaming to the client, caching and metrics live outside
 * and serve every provider alike. This module is a leaf: it imports types only, and only wire
 * types and the error class a translation throws.
 */
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, CompletionUsage } from "../chat/types.js";
import type { Validator } from "../config/validate.js";
import type { EmbeddingsRequest, EmbeddingVector } from "../embeddings/types.js";
import type { ProxyError } from "../errors.js";
import type { InlineImage } from "./shared/data-url.js";

export const PROVIDER_TYPES = ["openai", "anthropic", "gemini", "mistral", "ollama", "qwen"] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export interface Timeouts {
  /** TCP (and TLS) connect. */
  connect_ms: number;
  /** From sending the request to the response headers. */
  first_byte_ms: number;
  /** Longest silence between two body chunks. */
  idle_ms: number;
}

/** One configured provider, as config validation produces it. */
export interface ProviderConfig {
  name: string;
  type: ProviderType;
  base_url: string;
  api_key: string | undefined;
  /** The environment variable named by `api_key` that was unset at start, if any. */
  api_key_env: string | undefined;
  headers: Record<string, string>;
  models: string[] | undefined;
  timeouts: Timeouts;
  options: unknown;
}

/**
 * How a provider's API key travels. The credentials step adds it to every call (chat, listings),
 * so no translation ever handles a key.
 */
export type AuthScheme = "bearer" | "x-api-key" | "x-goog-api-key" | "none";

/** Everything a translation needs to know about the call it is translating. */
export interface TranslationContext<Request = ChatRequest> {
  provider: ProviderConfig;
  /** The model name the upstream receives (after routing: `openai/gpt-4o` → `gpt-4o`). */
  upstreamModel: string;
  /** The request as the client sent it (after this attempt's model policy). */
  request: Request;
  /** Whether the client asked for a stream (the upstream call may differ, see UpstreamCall.response). */
  clientStream: boolean;
  /** An id and timestamp for providers whose answers carry none of their own. */
  completionId: string;
  created: number;
  /**
   * Fetches an http(s) image for providers whose APIs need the bytes inline (Gemini, Ollama).
   * `param` names the request field, for the 400 a refused or failed fetch answers.
   */
  fetchImage(url: string, param: string): Promise<InlineImage>;
}

/** The native HTTP request a provider wants sent (without credentials: those are added after). */
export interface UpstreamCall {
  method: "POST" | "GET" | "DELETE";
  /** Absolute URL under the provider's base_url. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** How the upstream answers: one JSON body, SSE events, or NDJSON lines. */
  response: "json" | "sse" | "ndjson";
}

export type UpstreamHeaders = Record<string, string | string[] | undefined>;

/** A whole upstream answer read as text (model listings and other small calls). */
export interface UpstreamText {
  status: number;
  headers: UpstreamHeaders;
  text: string;
}

/** Sends a call with the provider's credentials and reads the whole answer; transport failures throw ProxyError. */
export type FetchUpstream = (call: UpstreamCall, timeouts: Timeouts) => Promise<UpstreamText>;

/** One unit of an upstream stream: an SSE event (with its `event:` name) or one NDJSON line. */
export interface UpstreamEvent {
  event: string | undefined;
  data: string;
}

/** Where a stream translator puts its output. */
export interface ChunkSink {
  /** One OpenAI chunk; `text` is its exact JSON when the translator relays upstream bytes unchanged. */
  chunk(chunk: ChatCompletionChunk, text?: string): void;
  /**
   * A chunk relayed as upstream bytes without being parsed: the translator vouches that it is a
   * well-formed chunk carrying no finish_reason, no usage and no error (a plain content delta,
   * after the first). Whoever needs the object parses `text`.
   */
  relay(text: string): void;
}

/**
 * A state machine fed one upstream event at a time. It emits OpenAI chunks, including a final
 * usage chunk (`choices: []`, `usage`) whenever the upstream reports usage; whether the client
 * sees that chunk is decided outside. Failures are thrown as ProxyError.
 */
export interface StreamTranslator {
  push(event: UpstreamEvent, sink: ChunkSink): void;
  /** The upstream body ended. Throws if it ended before the answer was complete. */
  end(sink: ChunkSink): void;
  /**
   * Optional, for SSE streams: whether the event whose `data:` payload is `bytes[start, end)`
   * (UTF-8) may reach the client as the upstream sent it, without `push`: the relay then passes
   * its bytes on undecoded. Only an event `push` would have relayed unchanged qualifies (a plain
   * content delta after the first token: no finish_reason, usage or error), and the translator's
   * state must not need it. Asked only for events framed exactly `data: …\n\n`, in stream order,
   * after every event before them was pushed.
   */
  passesUnparsed?(bytes: Uint8Array, start: number, end: number): boolean;
}

export interface TranslatedResponse {
  /** The answer as OpenAI's completion; may be a getter that parses `text` only when read. */
  readonly completion: ChatCompletion;
  /** The exact bytes to send when the upstream answer needs no change. */
  text?: string;
  /** The answer's usage, when known without reading `completion` (null: it reports none). */
  usage?: CompletionUsage | null;
}

/** How a provider serves `POST /v1/chat/completions`. */
export interface ChatTranslation {
  /** The native request; may be async (e.g. fetching image URLs for providers that need bytes). */
  buildRequest(ctx: TranslationContext): UpstreamCall | Promise<UpstreamCall>;
  /** A successful JSON answer → OpenAI's completion. Throws ProxyError on garbage. */
  parseResponse(body: string, ctx: TranslationContext): TranslatedResponse;
  createStreamTranslator(ctx: TranslationContext): StreamTranslator;
}

/**
 * How a provider serves `POST /v1/responses` when it speaks OpenAI's Responses API itself: the
 * request passes through. Providers without it are bridged through their chat translation.
 */
export interface ResponsesPassThrough {
  /** Whether this configured provider speaks it (OpenAI does; a compatible server when its config says so). */
  speaks(provider: ProviderConfig): boolean;
  /** The native call for a body that is already the upstream's (model name included). */
  buildRequest(ctx: TranslationContext<Record<string, unknown>>): UpstreamCall;
  /** `DELETE` of a response the upstream keeps. */
  deleteRequest(provider: ProviderConfig, id: string): UpstreamCall;
}

/** A successful embeddings answer, translated. */
export interface TranslatedEmbeddings {
  /** The upstream's exact bytes, when they are OpenAI's `CreateEmbeddingResponse` already (they may go out unchanged). */
  readonly text?: string;
  /** One vector per input, in input order; may be read from `text` only on demand. Throws ProxyError (502) on garbage. */
  readonly vectors: readonly EmbeddingVector[];
  /** The prompt tokens the upstream counted; undefined when it reports none. */
  readonly promptTokens: number | undefined;
}

/** How a provider serves `POST /v1/embeddings`. */
export interface EmbeddingsTranslation {
  /**
   * The most inputs one upstream call takes. A longer request is sent as several calls of at most
   * this many inputs (their answers joined in order); absent: one call, whatever the count.
   */
  readonly maxInputsPerCall?: number;
  /** Whether the upstream takes inputs as token arrays; when not, such a request is a 400 before any call. */
  readonly takesTokens: boolean;
  /** The native request for the inputs of `ctx.request` (one batch's, when the request is split). */
  buildRequest(ctx: TranslationContext<EmbeddingsRequest>): UpstreamCall;
  /** A successful answer → its vectors. Throws ProxyError (502) on garbage. */
  parseResponse(body: string, ctx: TranslationContext<EmbeddingsRequest>): TranslatedEmbeddings;
}

export interface UpstreamModel {
  id: string;
  created?: number;
  owned_by?: string;
}

export interface ProviderAdapter {
  readonly type: ProviderType;
  /** Used when the config gives no base_url. */
  readonly defaultBaseUrl?: string;
  /** How the API key is sent. */
  readonly auth: AuthScheme;
  /** Validates `providers.<name>.options`, the provider type's own settings. */
  readonly options?: Validator<unknown>;
  /** Chat completions, which every provider serves. */
  readonly chat: ChatTranslation;
  /** The Responses API, for providers that may speak it natively. */
  readonly responses?: ResponsesPassThrough;
  /** Embeddings; absent for providers without an embeddings API. */
  readonly embeddings?: EmbeddingsTranslation;
  /** An upstream error answer → ProxyError with the upstream's status and OpenAI's shape. */
  parseError(status: number, body: string, headers: UpstreamHeaders): ProxyError;
  /** The upstream's live model list (ids in the upstream's own naming). */
  listModels?(provider: ProviderConfig, fetch: FetchUpstream): Promise<UpstreamModel[]>;
}
