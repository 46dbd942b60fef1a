import type { ChatRequest, CompletionUsage } from "./types.js";

/** What one chat request came to: the record metrics, logs and the cache are fed from. */
export interface ChatOutcome {
  /** Configured provider name; undefined when the request failed before routing. */
  provider: string | undefined;
  /** The upstream model name (`openai/gpt-4o` → `gpt-4o`). */
  model: string | undefined;
  /** HTTP status sent; for a stream that failed midway, the status of the error event. 499: client left. */
  status: number;
  stream: boolean;
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
  /** The request as sent upstream (after the model policy); undefined before routing. */
  request: ChatRequest | undefined;
  /** The generated text, set only when an answer came without usage, so its tokens can be counted. */
  outputText: string | undefined;
}

/** Notified of every chat request's outcome, after the response is finished. */
export type ChatObserver = (outcome: ChatOutcome) => void;
