/**
 * The pipeline's vocabulary: the request on its way (Exchange), the deployments it may go to
 * (Candidate), the answer at its commit point (Answer), the stages, and what an endpoint brings
 * (EndpointSpec). Types only; they refer to one another, so they live together.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Admission, TokenReservation } from "../access/admission.js";
import type { Principal } from "../access/principal.js";
import type { AppContext } from "../app-context.js";
import type { CacheConfig } from "../cache/config.js";
import type { CachePlan } from "../cache/response-cache.js";
import type { CompletionUsage } from "../chat/types.js";
import type { ProviderAdapter, TranslationContext, UpstreamCall } from "../providers/types.js";
import type { RouteTarget } from "../routing/resolve-model.js";
import type { ConfigSnapshot } from "../snapshot.js";
import type { Cancellation } from "../upstream/cancellation.js";
import type { UpstreamResponse } from "../upstream/client.js";
import type { RetryConfig } from "../resilience/config.js";
import type { RequestOutcome } from "./outcome.js";

/** One step of a request. A stage that has the answer sets `exchange.answer`, and the stages after it are skipped. */
export type Stage<Request> = (exchange: Exchange<Request>) => void | Promise<void>;

/** One upstream deployment a request may be sent to, in the order the plan tries them. */
export interface Candidate<Request = unknown> {
  target: RouteTarget;
  /** Reached through a fallback (routes[].fallbacks or the request's `models`), not the requested model itself. */
  fallback: boolean;
  /** This request holds the cooldown probe of the target: its answer puts the target back in rotation. */
  probe: boolean;
  /** The target was out of rotation and is tried as a last resort: its answer, too, puts it back. */
  cooling: boolean;
  /** This attempt continues a stream the client is already reading (retry.resume_streams). */
  continues?: boolean;
  /** The request made ready for this candidate's model, once needed (see preparedFor). */
  prepared: Prepared<Request> | undefined;
}

/**
 * A ready answer: the commit point has been reached (a whole JSON answer, a cache hit, a stream's
 * first content). Delivering it writes the status line and the commit headers, then the body.
 */
export interface Answer {
  /** Writes the answer; resolves once the response is finished (a stream: once it ended or failed). */
  deliver(exchange: Exchange): void | Promise<void>;
}

/** One request on its way through the stages: what they read and what they leave for the next. */
export interface Exchange<Request = unknown> {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly app: AppContext;
  readonly spec: EndpointSpec<Request>;
  /** The config as it was when the request arrived; a reload does not change it. */
  readonly snapshot: ConfigSnapshot;
  readonly startedAt: number;
  /** Cancelled when the client leaves: every upstream call and timer of the request stops. */
  readonly cancellation: Cancellation;
  /** The validated request as the client sent it; set by the read stage, which every other stage follows. */
  request: Request;
  /** Whether the client asked for a stream. */
  stream: boolean;
  /** Who is asking (set by the authenticate stage); undefined when the proxy is open. */
  principal: Principal | undefined;
  /** What the admit stage reserved (rate limits, budget); the account stage settles it. */
  admission: Admission | undefined;
  /** The deployments to try, in order; set by the plan stage. */
  candidates: Candidate<Request>[];
  /** How failed attempts are retried: the requested model's route's settings (or the global ones); set by the plan stage. */
  retry: RetryConfig;
  /** What the cache does for this request; undefined when it stays out. */
  cachePlan: CachePlan | undefined;
  /** Set by the stage that has the answer (the cache, or the attempt that got one). */
  answer: Answer | undefined;
  /**
   * Headers for the client, written with the answer at the commit point (never earlier: until
   * then it is not known which upstream answers) and with an error answer.
   */
  headers: Record<string, string>;
  outcome: RequestOutcome;
}

/** A request made ready for one attempt's model (for chat: that model family's parameter policy). */
export interface Prepared<Request> {
  request: Request;
  /** What was changed, for `x-llm-proxy-rewritten`; undefined when nothing was. */
  rewritten: string | undefined;
}

/** One attempt of a request against one candidate: what the endpoint's translation works with. */
export interface Attempt<Request> {
  exchange: Exchange<Request>;
  candidate: Candidate;
  adapter: ProviderAdapter;
  ctx: TranslationContext<Request>;
}

/** How an endpoint takes part in the response cache. */
export interface EndpointCache<Request> {
  /** Whether `cache.mode` lets this request be cached (chat's `deterministic` needs temperature 0 or a seed). */
  eligible(request: Request, mode: CacheConfig["mode"]): boolean;
  /** The key: the provider and upstream model it went to, and everything that changes the answer. */
  key(request: Request, provider: string, upstreamModel: string): string;
  /** A stored entry as the answer; undefined when the entry is not one this endpoint wrote (a miss). */
  answer(text: string, exchange: Exchange<Request>): Answer | undefined;
}

/**
 * One endpoint (`/v1/chat/completions`, `/v1/embeddings`, `/v1/responses`) over the generic stages:
 * what is particular to it — validation, routing input, per-attempt preparation, the provider's
 * translation, caching, assembling and replaying answers — and nothing else. The stages do the
 * rest alike for every endpoint (docs/ARCHITECTURE.md).
 */
export interface EndpointSpec<Request> {
  /** Names the endpoint in logs and outcomes (`chat.completions`). */
  readonly name: string;
  /** Parses the untrusted JSON body into a typed request; throws a 400 naming the offending `param`. */
  validate(body: unknown): Request;
  /**
   * Reads what the validated request refers to (a stored conversation) before it is planned; a
   * stage of its own, present only for endpoints that have it.
   */
  resolve?(exchange: Exchange<Request>): void | Promise<void>;
  /** The model the client asked for. */
  model(request: Request): string;
  /** Models the request itself names to fall back on (OpenRouter's `models`), tried after the route's own. */
  fallbackModels?(request: Request): readonly string[] | undefined;
  isStream(request: Request): boolean;
  /** Whether a provider type serves this endpoint; a request routed to one that does not is a 400 before any upstream call. */
  serves(adapter: ProviderAdapter): boolean;
  /** The request as this attempt's model should receive it. */
  prepare(request: Request, target: RouteTarget, snapshot: ConfigSnapshot): Prepared<Request>;
  /** A fresh id for answers whose upstream gives none (`chatcmpl-…`). */
  newId(): string;
  /** The upstream call for one attempt, without credentials (the credentials step adds them). */
  buildCall(attempt: Attempt<Request>): UpstreamCall | Promise<UpstreamCall>;
  /**
   * A 2xx upstream answer → the answer to deliver. A stream is read until its commit point (its
   * first content); a failure before it is thrown (see EarlyStreamFailure), after it the answer
   * itself ends the stream with one error event.
   */
  receive(upstream: UpstreamResponse, call: UpstreamCall, attempt: Attempt<Request>): Promise<Answer>;
  /** A quick estimate of the prompt's tokens and the client's output cap, for rate-limit and budget reservations. */
  tokenReservation?(request: Request): TokenReservation;
  /** Counts tokens with js-tiktoken for an answer whose upstream reported no usage. */
  estimateUsage(request: Request, model: string, outputText: string): Promise<CompletionUsage>;
  /** Absent: the endpoint is never cached. */
  readonly cache?: EndpointCache<Request>;
}
