import type { ProviderType } from "../providers/types.js";
import type { ProviderFields } from "../state/providers.js";

interface DefaultProvider {
  name: string;
  type: ProviderType;
  base_url: string;
  /** Each replica reads the key from this variable, as config.yaml's `${VAR}` does; absent: none needed. */
  api_key_env?: string;
  headers?: Record<string, string>;
}

/**
 * The providers the shipped config.yaml configures, with the same names, URLs and key variables
 * (test/admin/default-providers.test.ts holds them to it), for `POST /admin/providers/initialize-defaults`.
 * Base URLs and header values that config.yaml reads from the environment are read from it once, when
 * they are created.
 */
export function defaultProviders(env: NodeJS.ProcessEnv): DefaultProvider[] {
  return [
    { name: "openai", type: "openai", base_url: "https://api.openai.com/v1", api_key_env: "OPENAI_API_KEY" },
    { name: "groq", type: "openai", base_url: "https://api.groq.com/openai/v1", api_key_env: "GROQ_API_KEY" },
    { name: "deepseek", type: "openai", base_url: "https://api.deepseek.com/v1", api_key_env: "DEEPSEEK_API_KEY" },
    {
      name: "openrouter",
      type: "openai",
      base_url: "https://openrouter.ai/api/v1",
      api_key_env: "OPENROUTER_API_KEY",
      headers: {
        "HTTP-Referer": env.OPENROUTER_REFERER ?? "https://github.com/llm-proxy/llm-proxy",
        "X-Title": env.OPENROUTER_TITLE ?? "llm-proxy",
      },
    },
    { name: "anthropic", type: "anthropic", base_url: "https://api.anthropic.com", api_key_env: "ANTHROPIC_API_KEY" },
    { name: "gemini", type: "gemini", base_url: "https://generativelanguage.googleapis.com", api_key_env: "GEMINI_API_KEY" },
    { name: "lmstudio", type: "openai", base_url: env.LMSTUDIO_BASE_URL ?? "http://localhost:1234/v1" },
    { name: "mistral", type: "mistral", base_url: "https://api.mistral.ai/v1", api_key_env: "MISTRAL_API_KEY" },
    { name: "qwen", type: "qwen", base_url: "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", api_key_env: "DASHSCOPE_API_KEY" },
    { name: "ollama", type: "ollama", base_url: env.OLLAMA_BASE_URL ?? "http://localhost:11434" },
    { name: "ollama-cloud", type: "ollama", base_url: "https://ollama.com", api_key_env: "OLLAMA_API_KEY" },
  ];
}

/** A default provider as a stored row: no secret of its own (the key stays in the environment). */
export function defaultProviderFields(provider: DefaultProvider): ProviderFields {
  return {
    type: provider.type,
    base_url: provider.base_url,
    headers: JSON.stringify(provider.headers ?? {}),
    models: null,
    options: null,
    timeouts: null,
    enabled: 1,
    secrets: null,
    api_key_env: provider.api_key_env ?? null,
  };
}
