import { parseOpenAIResponse } from "../openai-compatible/response.js";
import type { TranslatedResponse } from "../types.js";
import { conformCompletion } from "./conformance.js";

/** DashScope's JSON answer is OpenAI's; its bytes pass unchanged unless they need mending. */
export function parseQwenResponse(body: string): TranslatedResponse {
  const translated = parseOpenAIResponse(body);
  return conformCompletion(translated.completion) ? { completion: translated.completion } : translated;
}
