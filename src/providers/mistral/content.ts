import type { MistralAnswerChunk, MistralAnswerContent } from "./wire.js";

export interface SplitContent {
  text: string | null;
  reasoning: string | null;
}

/**
 * Mistral answers with a string, or (reasoning models) with chunks: `text`, and `thinking`
 * chunks whose own text chunks are the reasoning, which OpenAI clients read as
 * `reasoning_content`. Other chunk types (references) carry no text of their own.
 */
export function splitContent(content: MistralAnswerContent): SplitContent {
  if (typeof content === "string") return { text: content, reasoning: null };
  if (!Array.isArray(content)) return { text: null, reasoning: null };
  let text: string | null = null;
  let reasoning: string | null = null;
  for (const chunk of content) {
    if (typeof chunk !== "object" || chunk === null) continue;
    if (chunk.type === "text" && typeof chunk.text === "string") text = (text ?? "") + chunk.text;
    else if (chunk.type === "thinking" && Array.isArray(chunk.thinking)) reasoning = (reasoning ?? "") + textOfChunks(chunk.thinking);
  }
  return { text, reasoning };
}

function textOfChunks(chunks: MistralAnswerChunk[]): string {
  return chunks.map((chunk) => (chunk?.type === "text" && typeof chunk.text === "string" ? chunk.text : "")).join("");
}
