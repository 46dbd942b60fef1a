import { anthropic } from "./anthropic/index.js";
import { gemini } from "./gemini/index.js";
import { mistral } from "./mistral/index.js";
import { ollama } from "./ollama/index.js";
import { openAICompatible } from "./openai-compatible/index.js";
import { qwen } from "./qwen/index.js";
import type { ProviderAdapter, ProviderType } from "./types.js";

const ADAPTERS: Partial<Record<ProviderType, ProviderAdapter>> = {
  openai: openAICompatible,
  anthropic,
  gemini,
  mistral,
  qwen,
  ollama,
};

export function adapterFor(type: ProviderType): ProviderAdapter | undefined {
  return ADAPTERS[type];
}
