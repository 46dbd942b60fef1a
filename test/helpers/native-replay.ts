import type { ChatCompletionChunk, ChatRequest } from "../../src/chat/types.js";
import { loadConfigText } from "../../src/config/load.js";
import { adapterFor } from "../../src/providers/registry.js";
import type { StreamTranslator, TranslationContext, UpstreamEvent } from "../../src/providers/types.js";

/** A translation context as the chat handler builds it, for a provider configured by `yaml`. */
export function translationContext(
  yaml: string,
  providerName: string,
  request: Partial<ChatRequest> & { model: string },
  overrides: Partial<TranslationContext> = {},
): TranslationContext {
  const config = loadConfigText(yaml, {}, adapterFor);
  return {
    provider: config.providers[providerName]!,
    upstreamModel: request.model,
    request: { messages: [{ role: "user", content: "hi" }], ...request } as ChatRequest,
    clientStream: request.stream === true,
    completionId: "chatcmpl-test",
    created: 1_700_000_000,
    fetchImage: async () => {
      throw new Error("fetchImage not expected in this test");
    },
    ...overrides,
  };
}

/** Feeds events through a translator and returns every chunk it emitted, `end` included. */
export function translateEvents(translator: StreamTranslator, events: UpstreamEvent[]): ChatCompletionChunk[] {
  const chunks: ChatCompletionChunk[] = [];
  const sink = {
    chunk: (chunk: ChatCompletionChunk) => void chunks.push(chunk),
    relay: (text: string) => void chunks.push(JSON.parse(text) as ChatCompletionChunk),
  };
  for (const event of events) translator.push(event, sink);
  translator.end(sink);
  return chunks;
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
