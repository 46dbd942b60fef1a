import { mistral } from "./mistral/index.js";
import { openAICompatible } from "./openai-compatible/index.js";
import { qwen } from "./qwen/index.js";
import type { ProviderAdapter, ProviderType } from "./types.js";

const ADAPTERS: Partial<Record<ProviderType, ProviderAdapter>> = {
  openai: openAICompatible,
  mistral,
  qwen,
};

export function adapterFor(type: ProviderType): ProviderAdapter | undefined {
  return ADAPTERS[type];
}
