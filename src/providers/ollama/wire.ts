/** Ollama's native API (`POST /api/chat`, `POST /api/embed`, `GET /api/tags`), as ollama/ollama's api/types.go defines it. */

export type OllamaThink = boolean | "low" | "medium" | "high";

export interface OllamaToolCall {
  id?: string;
  function: { index?: number; name: string; arguments: Record<string, unknown> };
}

export interface OllamaMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  thinking?: string;
  /** Base64 image data, without a data-URL prefix. */
  images?: string[];
  tool_calls?: OllamaToolCall[];
  tool_name?: string;
  tool_call_id?: string;
}

export interface OllamaTool {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  stream: boolean;
  format?: "json" | Record<string, unknown>;
  options?: Record<string, unknown>;
  tools?: OllamaTool[];
  think?: OllamaThink;
  keep_alive?: string | number;
}

/** One NDJSON line of a stream, or the whole answer of `stream: false`. */
export interface OllamaChatResponse {
  model?: string;
  created_at?: string;
  message?: { role?: string; content?: string; thinking?: string; tool_calls?: OllamaToolCall[] | null };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: unknown;
}

/** `POST /api/embed` (api/types.go `EmbedRequest`). */
export interface OllamaEmbedRequest {
  model: string;
  input: string | string[];
  truncate?: boolean;
  dimensions?: number;
  options?: Record<string, unknown>;
  keep_alive?: string | number;
}

/** `/api/embed`'s answer (`EmbedResponse`): one vector per input, in order. */
export interface OllamaEmbedResponse {
  model?: string;
  embeddings?: unknown;
  prompt_eval_count?: number;
}
