import type { ChatCompletion } from "../../chat/types.js";
import { malformedUpstream, parseUpstreamObject } from "../shared/upstream-json.js";
import { openAIStyleError } from "../shared/error-body.js";
import type { TranslatedResponse } from "../types.js";
import { scanUsage } from "./usage-scan.js";

/**
 * The upstream's answer is already OpenAI's: its bytes go out unchanged. Accounting needs only
 * its usage, which is read from the text; the whole answer is parsed (and checked) only when the
 * usage cannot be isolated or someone asks for the completion object.
 */
export function parseOpenAIResponse(body: string): TranslatedResponse {
  const usage = scanUsage(body);
  if (usage === undefined) return { completion: parseCompletion(body), text: body };
  let completion: ChatCompletion | undefined;
  return {
    text: body,
    usage,
    get completion() {
      return (completion ??= parseCompletion(body));
    },
  };
}

function parseCompletion(body: string): ChatCompletion {
  const parsed = parseUpstreamObject(body);
  // Some compatible servers report failures as a 200 carrying an error body.
  if (!Array.isArray(parsed.choices)) {
    if (parsed.error !== undefined) throw openAIStyleError(502, body, {});
    throw malformedUpstream();
  }
  return parsed as unknown as ChatCompletion;
}
