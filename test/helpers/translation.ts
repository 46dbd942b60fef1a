import type { ChatCompletionChunk, ChatRequest } from "../../src/chat/types.js";
import { DEFAULT_TIMEOUTS, type ProviderConfig } from "../../src/config/schema.js";
import type { ProviderAdapter, ProviderType, StreamTranslator, TranslationContext } from "../../src/providers/types.js";
import type { InlineImage } from "../../src/providers/shared/data-url.js";

/** A provider as config validation would produce it, with the adapter's default options. */
export function testProvider(adapter: ProviderAdapter, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  const type: ProviderType = adapter.type;
  return {
    name: type,
    type,
    base_url: adapter.defaultBaseUrl ?? "http://upstream.test",
    api_key: "sk-test-key",
    api_key_env: undefined,
    headers: {},
    models: undefined,
    timeouts: DEFAULT_TIMEOUTS,
    options: adapter.options ? adapter.options(undefined, "options") : undefined,
    ...overrides,
  };
}

export interface ContextOptions {
  provider?: ProviderConfig;
  upstreamModel?: string;
  fetchImage?: (url: string, param: string) => Promise<InlineImage>;
}

/** The TranslationContext handle-chat would build for `request`. */
export function translationContext(adapter: ProviderAdapter, request: object, options: ContextOptions = {}): TranslationContext {
  const chat = request as ChatRequest;
  return {
    provider: options.provider ?? testProvider(adapter),
    upstreamModel: options.upstreamModel ?? chat.model,
    request: chat,
    clientStream: chat.stream === true,
    completionId: "chatcmpl-test0000",
    created: 1_700_000_000,
    fetchImage:
      options.fetchImage ??
      (async (url) => {
        throw new Error(`unexpected image fetch: ${url}`);
      }),
  };
}

export interface Emitted {
  chunk: ChatCompletionChunk;
  /** The exact JSON text the translator asked to send, when it relays upstream bytes. */
  text: string | undefined;
}

/** Feeds upstream event payloads through a translator, one at a time, and returns what it emitted. */
export function translateAll(translator: StreamTranslator, payloads: string[]): Emitted[] {
  const emitted: Emitted[] = [];
  const sink = {
    chunk: (chunk: ChatCompletionChunk, text?: string) => void emitted.push({ chunk, text }),
    // Sinks on main also take chunks relayed unparsed (ChunkSink.relay); record those alike.
    relay: (text: string) => void emitted.push({ chunk: JSON.parse(text) as ChatCompletionChunk, text }),
  };
  for (const data of payloads) translator.push({ event: undefined, data }, sink);
  translator.end(sink);
  return emitted;
}
