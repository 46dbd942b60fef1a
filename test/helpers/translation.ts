import type { ChatCompletionChunk, ChatRequest } from "../../src/chat/types.js";
import { DEFAULT_TIMEOUTS, type ProviderConfig } from "../../src/config/schema.js";
import type {
  ProviderAdapter,
  ProviderType,
  StreamTranslator,
  TranslationContext,
  UpstreamCall,
  UpstreamEvent,
} from "../../src/providers/types.js";
import type { InlineImage } from "../../src/providers/shared/data-url.js";
import { withCredentials } from "../../src/pipeline/credentials.js";

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

/** The TranslationContext the chat handler builds for `request`, with the fixed id and time chunkMaker expects. */
export function translationContext(adapter: ProviderAdapter, request: object, options: ContextOptions = {}): TranslationContext {
  const chat = request as ChatRequest;
  return {
    provider: options.provider ?? testProvider(adapter),
    upstreamModel: options.upstreamModel ?? chat.model,
    request: chat,
    clientStream: chat.stream === true,
    completionId: "chatcmpl-test",
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

/**
 * Feeds upstream events through a translator, one at a time, and returns what it emitted, `end`
 * included. A string is an event's `data:` payload without an `event:` name (or an NDJSON line).
 */
export function translateAll(translator: StreamTranslator, events: ReadonlyArray<UpstreamEvent | string>): Emitted[] {
  const emitted: Emitted[] = [];
  const sink = {
    chunk: (chunk: ChatCompletionChunk, text?: string) => void emitted.push({ chunk, text }),
    // A chunk relayed unparsed is recorded like any other: the tests read what the client gets.
    relay: (text: string) => void emitted.push({ chunk: JSON.parse(text) as ChatCompletionChunk, text }),
  };
  for (const event of events) translator.push(typeof event === "string" ? { event: undefined, data: event } : event, sink);
  translator.end(sink);
  return emitted;
}

/** Builders for the exact chunks a translator should emit for `translationContext`'s ids. */
export function chunkMaker(model: string) {
  const base = { id: "chatcmpl-test", object: "chat.completion.chunk", created: 1_700_000_000, model };
  return {
    delta: (delta: object, finish: string | null = null, index = 0) => ({
      ...base,
      choices: [{ index, delta, logprobs: null, finish_reason: finish }],
    }),
    usage: (usage: object) => ({ ...base, choices: [], usage }),
  };
}

/** A translated call as it goes on the wire: the translation's call, then the credentials step. */
export function onTheWire(call: UpstreamCall, ctx: TranslationContext, adapter: ProviderAdapter): UpstreamCall {
  return withCredentials(call, ctx.provider, adapter.auth);
}
