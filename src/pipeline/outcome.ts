import type { CompletionUsage } from "../chat/types.js";
import type { TokenCounts } from "../metrics/cost.js";

/**
 * What one request came to: the record metrics, logs (and budgets) are fed from. Written by the
 * stages as the request goes; the account stage turns its usage into tokens and dollars once.
 */
export interface RequestOutcome {
  /** The endpoint spec's name (`chat.completions`). */
  endpoint: string;
  /** The name of the API key the request authenticated with; undefined without one. */
  key: string | undefined;
  /** That key's stable id (`vk:ID`, `config:NAME`, `master`), which outlives a rename. */
  keyId: string | undefined;
  /** Configured provider name of the attempt that answered (or failed last); undefined before routing. */
  provider: string | undefined;
  /** The upstream model name (`openai/gpt-4o` → `gpt-4o`) of that attempt. */
  model: string | undefined;
  /** HTTP status sent; for a stream that failed midway, the status of the error event. 499: client left. */
  status: number;
  stream: boolean;
  /** Upstream calls made. */
  attempts: number;
  /** Usage as reported (or estimated, see `estimated`); undefined when neither is known. */
  usage: CompletionUsage | undefined;
  durationSeconds: number;
  /** Seconds to the first generated token (streams only). */
  timeToFirstTokenSeconds: number | undefined;
  /** The failure's OpenAI error code, when the request failed. */
  errorCode: string | undefined;
  /** Whether the failure came from the upstream (its status, a timeout, a cut stream). */
  upstreamError: boolean;
  /** The response cache's part, as in `x-llm-proxy-cache`: a hit cost nothing upstream. */
  cache: "hit" | "miss" | "bypass";
  /** The request as sent upstream (after the model policy), for token estimates; undefined before routing. */
  request: unknown;
  /** The generated text, set only when an answer came without usage, so its tokens can be counted. */
  outputText: string | undefined;
  /** Set by the account stage: the usage split by how it is billed. */
  tokens: TokenCounts | undefined;
  /** Set by the account stage: whether `tokens` were counted with js-tiktoken. */
  estimated: boolean;
  /** Set by the account stage: USD at the configured prices (for a cache hit, what it would have cost); undefined when unpriced. */
  costUsd: number | undefined;
}

/** Notified of every request's outcome once it is accounted, after the response is finished. */
export type OutcomeObserver = (outcome: RequestOutcome) => void;

export function newOutcome(endpoint: string): RequestOutcome {
  return {
    endpoint,
    key: undefined,
    keyId: undefined,
    provider: undefined,
    model: undefined,
    status: 200,
    stream: false,
    attempts: 0,
    usage: undefined,
    durationSeconds: 0,
    timeToFirstTokenSeconds: undefined,
    errorCode: undefined,
    upstreamError: false,
    cache: "bypass",
    request: undefined,
    outputText: undefined,
    tokens: undefined,
    estimated: false,
    costUsd: undefined,
  };
}

/** Notes a failure on the outcome: its status, its code, and whether the upstream caused it. */
export function recordFailure(
  outcome: RequestOutcome,
  error: { status: number; code: string | null; type: string },
  fromUpstream: boolean,
): void {
  outcome.status = error.status;
  outcome.errorCode = error.code ?? error.type;
  outcome.upstreamError = fromUpstream;
}
