import type { ChatCompletion, CompletionUsage } from "../../chat/types.js";
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
  return new PassThroughAnswer(body, usage);
}

/** A class rather than an object literal with a getter, which V8 builds far more slowly. */
class PassThroughAnswer implements TranslatedResponse {
  private parsed: ChatCompletion | undefined;

  constructor(
    readonly text: string,
    readonly usage: CompletionUsage | null,
  ) {}

  get completion(): ChatCompletion {
    return (this.parsed ??= parseCompletion(this.text));
  }
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
