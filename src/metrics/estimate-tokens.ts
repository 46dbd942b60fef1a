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
      const ranks = encoding === "o200k_base" ? await import("js-tiktoken/ranks/o200k_base") : await import("js-tiktoken/ranks/cl100k_base");
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
  // Text that looks like a special token is counted as the text it is.
  const count = (text: string) => (text ? tokenizer.encode(text, [], []).length : 0);
  let prompt = TOKENS_TO_PRIME_REPLY;
  for (const message of request.messages) {
    prompt += TOKENS_PER_MESSAGE + count(message.role) + count(messageText(message));
    if ("name" in message && typeof message.name === "string") prompt += 1 + count(message.name);
  }
  if (request.tools) prompt += count(JSON.stringify(request.tools));
  const completion = count(output);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
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
