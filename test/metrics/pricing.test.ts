import { describe, expect, it } from "vitest";
import { PriceBook } from "../../src/metrics/pricing.js";
import { BUILT_IN_PRICES } from "../../src/metrics/pricing-table.js";

describe("PriceBook", () => {
  const book = new PriceBook({ "house-model": { input: 1, output: 2 } }, { "groq/llama-3.3-70b-versatile": { input: 0.59, output: 0.79 } });

  it("finds dated variants under their base name", () => {
    expect(book.priceOf("openai", "gpt-4o-2024-08-06")).toEqual(BUILT_IN_PRICES["gpt-4o"]);
    expect(book.priceOf("anthropic", "claude-sonnet-4-20250514")).toEqual(BUILT_IN_PRICES["claude-sonnet-4"]);
    expect(book.priceOf("openrouter", "openai/gpt-4o")).toEqual(BUILT_IN_PRICES["gpt-4o"]);
  });

  it("prefers a provider-specific price, then later sources over earlier ones", () => {
    expect(book.priceOf("groq", "llama-3.3-70b-versatile")).toEqual({ input: 0.59, output: 0.79 });
    expect(book.priceOf("local", "house-model")).toEqual({ input: 1, output: 2 });
  });

  it("never guesses: an older dated model is not priced as today's -latest alias", () => {
    expect(BUILT_IN_PRICES["mistral-large-latest"]).toBeDefined();
    expect(book.priceOf("mistral", "mistral-large-2407")).toBeUndefined();
    expect(book.priceOf("mistral", "mistral-large-2411")).toEqual(BUILT_IN_PRICES["mistral-large-2411"]);
    expect(book.priceOf("openai", "totally-unknown-model")).toBeUndefined();
  });
});
