/**
 * Built-in list prices, USD per 1M tokens, of the current major models of every provider the
 * proxy routes to (standard tier; long-context surcharges are not modelled). Checked against the
 * providers' price pages as collected in LiteLLM's model_prices_and_context_window.json (July
 * 2026); the embedding models, billed for input only, against the providers' pricing pages
 * (December 2026). `pricing:` and `pricing_file:` in the config override any entry; dated variants
 * fall back to these names (see pricing.ts).
 */
export interface ModelPrice {
  input: number;
  output: number;
  /** Prompt tokens read from the provider's prompt cache; defaults to `input`. */
  cached_input?: number;
  /** Prompt tokens written to the prompt cache (Anthropic); defaults to `input`. */
  cache_write?: number;
}

const p = (input: number, output: number, cached_input?: number, cache_write?: number): ModelPrice => {
  const price: ModelPrice = { input, output };
  if (cached_input !== undefined) price.cached_input = cached_input;
  if (cache_write !== undefined) price.cache_write = cache_write;
  return price;
};

export const BUILT_IN_PRICES: Readonly<Record<string, ModelPrice>> = {
  // OpenAI
  "gpt-5.5": p(5, 30, 0.5),
  "gpt-5.5-pro": p(30, 180, 3),
  "gpt-5.4": p(2.5, 15, 0.25),
  "gpt-5.4-mini": p(0.75, 4.5, 0.075),
  "gpt-5.4-nano": p(0.2, 1.25, 0.02),
  "gpt-5.4-pro": p(30, 180, 3),
  "gpt-5.2": p(1.75, 14, 0.175),
  "gpt-5.2-chat-latest": p(1.75, 14, 0.175),
  "gpt-5.2-pro": p(21, 168),
  "gpt-5.1": p(1.25, 10, 0.125),
  "gpt-5.1-chat-latest": p(1.25, 10, 0.125),
  "gpt-5": p(1.25, 10, 0.125),
  "gpt-5-chat-latest": p(1.25, 10, 0.125),
  "gpt-5-mini": p(0.25, 2, 0.025),
  "gpt-5-nano": p(0.05, 0.4, 0.005),
  "gpt-5-pro": p(15, 120),
  "gpt-4.1": p(2, 8, 0.5),
  "gpt-4.1-mini": p(0.4, 1.6, 0.1),
  "gpt-4.1-nano": p(0.1, 0.4, 0.025),
  "gpt-4o": p(2.5, 10, 1.25),
  "gpt-4o-2024-05-13": p(5, 15),
  "gpt-4o-mini": p(0.15, 0.6, 0.075),
  o1: p(15, 60, 7.5),
  o3: p(2, 8, 0.5),
  "o3-pro": p(20, 80),
  "o3-mini": p(1.1, 4.4, 0.55),
  "o4-mini": p(1.1, 4.4, 0.275),
  "gpt-4-turbo": p(10, 30),
  "gpt-3.5-turbo": p(0.5, 1.5),
  "text-embedding-3-small": p(0.02, 0),
  "text-embedding-3-large": p(0.13, 0),
  "text-embedding-ada-002": p(0.1, 0),
  // Anthropic (cache writes at the 5-minute rate)
  "claude-opus-5": p(5, 25, 0.5, 6.25),
  "claude-sonnet-5": p(2, 10, 0.2, 2.5),
  "claude-opus-4-7": p(5, 25, 0.5, 6.25),
  "claude-opus-4-6": p(5, 25, 0.5, 6.25),
  "claude-opus-4-5": p(5, 25, 0.5, 6.25),
  "claude-opus-4-1": p(15, 75, 1.5, 18.75),
  "claude-opus-4": p(15, 75, 1.5, 18.75),
  "claude-opus-4-0": p(15, 75, 1.5, 18.75),
  "claude-sonnet-4-6": p(3, 15, 0.3, 3.75),
  "claude-sonnet-4-5": p(3, 15, 0.3, 3.75),
  "claude-sonnet-4": p(3, 15, 0.3, 3.75),
  "claude-sonnet-4-0": p(3, 15, 0.3, 3.75),
  "claude-3-7-sonnet": p(3, 15, 0.3, 3.75),
  "claude-haiku-4-5": p(1, 5, 0.1, 1.25),
  "claude-3-5-haiku": p(0.8, 4, 0.08, 1),
  "claude-3-haiku": p(0.25, 1.25, 0.03, 0.3),
  // Google
  "gemini-3.5-flash": p(1.5, 9, 0.15),
  "gemini-3.1-pro-preview": p(2, 12, 0.2),
  "gemini-3.1-flash-lite": p(0.25, 1.5, 0.025),
  "gemini-3-pro-preview": p(2, 12, 0.2),
  "gemini-3-flash-preview": p(0.5, 3, 0.05),
  "gemini-2.5-pro": p(1.25, 10, 0.125),
  "gemini-2.5-flash": p(0.3, 2.5, 0.03),
  "gemini-2.5-flash-lite": p(0.1, 0.4, 0.01),
  "gemini-2.0-flash": p(0.1, 0.4, 0.025),
  "gemini-2.0-flash-lite": p(0.075, 0.3),
  "gemini-embedding-2": p(0.2, 0),
  "gemini-embedding-2-preview": p(0.2, 0),
  "gemini-embedding-001": p(0.15, 0),
  // Mistral
  "mistral-large-latest": p(0.5, 1.5),
  "mistral-large-2512": p(0.5, 1.5),
  "mistral-large-2411": p(2, 6),
  "mistral-medium-latest": p(1.5, 7.5),
  "mistral-medium-2508": p(0.4, 2),
  "mistral-medium-2505": p(0.4, 2),
  "mistral-small-latest": p(0.06, 0.18),
  "magistral-medium-latest": p(2, 5),
  "magistral-small-latest": p(0.5, 1.5),
  "codestral-latest": p(0.3, 0.9),
  "devstral-medium-latest": p(0.4, 2),
  "devstral-small-latest": p(0.1, 0.3),
  "ministral-8b-latest": p(0.15, 0.15),
  "pixtral-large-latest": p(2, 6),
  "open-mistral-nemo": p(0.3, 0.3),
  "mistral-embed": p(0.1, 0),
  "codestral-embed": p(0.15, 0),
  // Qwen (DashScope, international)
  "qwen-max": p(1.6, 6.4),
  "qwen-plus": p(0.4, 1.2),
  "qwen-turbo": p(0.05, 0.2),
  "qwq-plus": p(0.8, 2.4),
  "text-embedding-v4": p(0.07, 0),
  "text-embedding-v3": p(0.07, 0),
  // DeepSeek
  "deepseek-chat": p(0.28, 0.42, 0.028),
  "deepseek-reasoner": p(0.28, 0.42, 0.028),
  "deepseek-v4-pro": p(0.435, 0.87, 0.0036),
  "deepseek-v4-flash": p(0.14, 0.28, 0.0028),
  // Groq-hosted
  "llama-3.3-70b-versatile": p(0.59, 0.79),
  "llama-3.1-8b-instant": p(0.05, 0.08),
  "openai/gpt-oss-120b": p(0.15, 0.6, 0.075),
  "openai/gpt-oss-20b": p(0.075, 0.3, 0.0375),
  "meta-llama/llama-4-maverick-17b-128e-instruct": p(0.2, 0.6),
  "meta-llama/llama-4-scout-17b-16e-instruct": p(0.11, 0.34),
  "qwen/qwen3-32b": p(0.29, 0.59),
  "moonshotai/kimi-k2-instruct-0905": p(1, 3, 0.5),
};
