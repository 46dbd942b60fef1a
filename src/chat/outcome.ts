import type { CompletionUsage } from "./types.js";

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
}

/** Notified of every chat request's outcome, after the response is finished. */
export type ChatObserver = (outcome: ChatOutcome) => void;
