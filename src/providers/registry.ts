import { anthropic } from "./anthropic/index.js";
import { gemini } from "./gemini/index.js";
import { openAICompatible } from "./openai-compatible/index.js";
import type { ProviderAdapter, ProviderType } from "./types.js";

const ADAPTERS: Partial<Record<ProviderType, ProviderAdapter>> = {
  openai: openAICompatible,
  anthropic,
  gemini,
};

export function adapterFor(type: ProviderType): ProviderAdapter | undefined {
  return ADAPTERS[type];
}
