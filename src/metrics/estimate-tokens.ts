import { setImmediate as nextTurn } from "node:timers/promises";
import type { Tiktoken } from "js-tiktoken/lite";
import type { ChatRequest, CompletionUsage } from "../chat/types.js";

type Encoding = "o200k_base" | "cl100k_base";

/** Families tokenised with o200k_base; older and non-OpenAI models are estimated with cl100k_base. */
const O200K_MODELS = /^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|gpt-oss)/;
/** OpenAI's accounting: every message costs a few tokens of framing, and so does priming the reply. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_TO_PRIME_REPLY = 3;

// The rank tables are megabytes: loaded on first need, once per process, and shared.
const encoders = new Map<Encoding, Promise<Tiktoken>>();

function encoder(encoding: Encoding): Promise<Tiktoken> {
  let loading = encoders.get(encoding);
  if (!loading) {
    loading = (async () => {
      const { Tiktoken } = await import("js-tiktoken/lite");
      const ranks =
        encoding === "o200k_base" ? await import("js-tiktoken/ranks/o200k_base") : await import("js-tiktoken/ranks/cl100k_base");
      return new Tiktoken(ranks.default);
    })();
    encoders.set(encoding, loading);
  }
  return loading;
}

export function encodingFor(model: string): Encoding {
  const bare = model.slice(model.lastIndexOf("/") + 1).toLowerCase();
  return O200K_MODELS.test(bare) ? "o200k_base" : "cl100k_base";
}

/**
 * Counts a request's prompt and an answer's text with js-tiktoken, for upstreams that report no
 * usage. An estimate: exact for OpenAI's text models, approximate for others; images are not
 * counted.
 */
export async function estimateUsage(model: string, request: ChatRequest, output: string): Promise<CompletionUsage> {
  const tokenizer = await encoder(encodingFor(model));
  const budget = { exact: MAX_EXACT_CHARACTERS };
  const count = (text: string) => countTokens(tokenizer, text, budget);
  let prompt = TOKENS_TO_PRIME_REPLY;
  for (const message of request.messages) {
    prompt += TOKENS_PER_MESSAGE + (await count(message.role)) + (await count(messageText(message)));
    if ("name" in message && typeof message.name === "string") prompt += 1 + (await count(message.name));
  }
  if (request.tools) prompt += await count(JSON.stringify(request.tools));
  const completion = await count(output);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** Counts texts (an embeddings request's inputs) with js-tiktoken, within the same limits as estimateUsage. */
export async function estimateTextTokens(model: string, texts: readonly string[]): Promise<number> {
  const tokenizer = await encoder(encodingFor(model));
  const budget = { exact: MAX_EXACT_CHARACTERS };
  let tokens = 0;
  for (const text of texts) tokens += await countTokens(tokenizer, text, budget);
  return tokens;
}

/**
 * Counting must never stall the event loop, whatever a client sends. js-tiktoken's byte-pair
 * merge is quadratic in the length of an unbroken run of characters (10,000 letters took 7.5 s,
 * 50,000 took 187 s; no real word is that long), so a run longer than MAX_RUN characters is
 * estimated at CHARACTERS_PER_TOKEN instead of encoded; the text is encoded in slices with a
 * turn of the event loop between them; and past MAX_EXACT_CHARACTERS per request the rest is
 * estimated too.
 */
const MAX_RUN = 32;
const SLICE_CHARACTERS = 4_096;
const MAX_EXACT_CHARACTERS = 131_072;
const CHARACTERS_PER_TOKEN = 4;
const LONG_RUN = new RegExp(`\\S{${MAX_RUN + 1},}`, "g");

async function countTokens(tokenizer: Tiktoken, text: string, budget: { exact: number }): Promise<number> {
  if (!text) return 0;
  const exact = text.length <= budget.exact ? text : text.slice(0, budget.exact);
  budget.exact -= exact.length;
  let tokens = Math.ceil((text.length - exact.length) / CHARACTERS_PER_TOKEN);
  for (let start = 0; start < exact.length; ) {
    if (start > 0) await nextTurn();
    // Slices end before a space, where tiktoken's own pre-tokenizer would split too.
    let end = Math.min(start + SLICE_CHARACTERS, exact.length);
    if (end < exact.length) {
      const space = exact.lastIndexOf(" ", end);
      if (space > start) end = space;
    }
    const { encodable, estimated } = withoutLongRuns(exact.slice(start, end));
    start = end;
    // Text that looks like a special token is counted as the text it is.
    tokens += estimated + (encodable ? tokenizer.encode(encodable, [], []).length : 0);
  }
  return tokens;
}

/** The text without its runs of more than MAX_RUN non-space characters, and their estimated tokens. */
export function withoutLongRuns(text: string): { encodable: string; estimated: number } {
  if (!LONG_RUN.test(text)) return { encodable: text, estimated: 0 };
  LONG_RUN.lastIndex = 0;
  let estimated = 0;
  const encodable = text.replace(LONG_RUN, (run) => {
    estimated += Math.ceil(run.length / CHARACTERS_PER_TOKEN);
    return " ";
  });
  return { encodable, estimated };
}

function messageText(message: ChatRequest["messages"][number]): string {
  let text = "";
  const content = message.content;
  if (typeof content === "string") text += content;
  else if (Array.isArray(content)) {
    for (const part of content) if (part.type === "text") text += part.text;
  }
  if ("tool_calls" in message && message.tool_calls) text += JSON.stringify(message.tool_calls);
  return text;
}
