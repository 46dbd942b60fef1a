import { readFileSync } from "node:fs";
import { ConfigError } from "../config/validate.js";
import { isPlainObject } from "../lib/is-plain-object.js";
import type { ModelPrice } from "./pricing-table.js";

const PER_MILLION = 1_000_000;
/** LiteLLM modes whose prices apply to chat completions. */
const CHAT_MODES = new Set(["chat", "completion", "responses"]);

/**
 * Reads prices in the format of LiteLLM's model_prices_and_context_window.json: an object of
 * model name → `input_cost_per_token`, `output_cost_per_token`, `cache_read_input_token_cost`,
 * `cache_creation_input_token_cost` (USD per token), `litellm_provider`, `mode`. Entries whose
 * name starts with their provider (`groq/llama-3.3-70b-versatile`) are also found under the bare
 * name, unless another entry has that name itself.
 */
export function readPricingFile(path: string): Record<string, ModelPrice> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError("pricing_file", `cannot read ${path} (${reason})`);
  }
  if (!isPlainObject(parsed)) throw new ConfigError("pricing_file", `${path} is not a JSON object of model prices`);
  return litellmPrices(parsed);
}

export function litellmPrices(entries: Record<string, unknown>): Record<string, ModelPrice> {
  const exact: Record<string, ModelPrice> = {};
  const unprefixed: Record<string, ModelPrice> = {};
  for (const [name, entry] of Object.entries(entries)) {
    if (!isPlainObject(entry)) continue;
    const price = priceOf(entry);
    if (!price) continue;
    exact[name] = price;
    const provider = entry.litellm_provider;
    if (typeof provider === "string" && name.startsWith(`${provider}/`)) {
      const bare = name.slice(provider.length + 1);
      unprefixed[bare] ??= price;
    }
  }
  return { ...unprefixed, ...exact };
}

function priceOf(entry: Record<string, unknown>): ModelPrice | undefined {
  if (typeof entry.mode === "string" && !CHAT_MODES.has(entry.mode)) return undefined;
  const input = perMillion(entry.input_cost_per_token);
  const output = perMillion(entry.output_cost_per_token);
  if (input === undefined || output === undefined) return undefined;
  const price: ModelPrice = { input, output };
  const cachedInput = perMillion(entry.cache_read_input_token_cost);
  const cacheWrite = perMillion(entry.cache_creation_input_token_cost);
  if (cachedInput !== undefined) price.cached_input = cachedInput;
  if (cacheWrite !== undefined) price.cache_write = cacheWrite;
  return price;
}

function perMillion(value: unknown): number | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return undefined;
  // Rounded to the float a person would write: 2.5e-6 per token is 2.5 per million, not 2.4999999.
  return Number((value * PER_MILLION).toPrecision(12));
}
