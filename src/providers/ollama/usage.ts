import type { CompletionUsage } from "../../chat/types.js";
import { tokenUsage } from "../shared/chunks.js";
import type { OllamaChatResponse } from "./wire.js";

/** The final line's token counts; Ollama leaves a count out when it is zero. */
export function ollamaUsage(line: OllamaChatResponse): CompletionUsage | undefined {
  const prompt = line.prompt_eval_count;
  const completion = line.eval_count;
  if (typeof prompt !== "number" && typeof completion !== "number") return undefined;
  return tokenUsage(typeof prompt === "number" ? prompt : 0, typeof completion === "number" ? completion : 0);
}
