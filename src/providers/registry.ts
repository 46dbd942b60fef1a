import { anthropic } from "./anthropic/index.js";
import { gemini } from "./gemini/index.js";
import { mistral } from "./mistral/index.js";
import { ollama } from "./ollama/index.js";
import { openAICompatible } from "./openai-compatible/index.js";
import { qwen } from "./qwen/index.js";
import type { ProviderAdapter, ProviderType } from "./types.js";

/** Every provider type has its adapter: the compiler refuses a type added without one. */
const ADAPTERS: Readonly<Record<ProviderType, ProviderAdapter>> = {
  openai: openAICompatible,
  anthropic,
  gemini,
  mistral,
  qwen,
  ollama,
};

export function adapterFor(type: ProviderType): ProviderAdapter {
  return ADAPTERS[type];
}
