import type { ChatCompletion } from "../../chat/types.js";
import { malformedUpstream, parseUpstreamObject } from "../shared/upstream-json.js";
import { openAIStyleError } from "../shared/error-body.js";
import type { TranslatedResponse } from "../types.js";

/** The upstream's answer is already OpenAI's: check it is one, then send its bytes unchanged. */
export function parseOpenAIResponse(body: string): TranslatedResponse {
  const parsed = parseUpstreamObject(body);
  // Some compatible servers report failures as a 200 carrying an error body.
  if (!Array.isArray(parsed.choices)) {
    if (parsed.error !== undefined) throw openAIStyleError(502, body, {});
    throw malformedUpstream();
  }
  return { completion: parsed as unknown as ChatCompletion, text: body };
}
