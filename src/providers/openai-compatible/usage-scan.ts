import type { CompletionUsage } from "../../chat/types.js";

/**
 * Reads the usage of an OpenAI-format answer from its text without parsing the whole answer,
 * which for a pass-through is only needed for accounting. Answers put `usage` after their
 * content (`choices`, or an embeddings list's `data`: `contentKey`), so the key is searched from
 * the end; inside JSON strings quotes are escaped, so the pattern can only match the answer's own
 * key. Returns undefined when the text is not plainly such an answer or the usage cannot be
 * isolated: the caller then parses the whole answer.
 */
export function scanUsage(text: string, contentKey = '"choices"'): CompletionUsage | null | undefined {
  if (!isBraced(text) || text.indexOf(contentKey) === -1) return undefined;
  const key = text.lastIndexOf('"usage"');
  if (key === -1) return null;
  let at = skipSpace(text, key + '"usage"'.length);
  if (text.charCodeAt(at) !== 58 /* : */) return undefined;
  at = skipSpace(text, at + 1);
  if (text.startsWith("null", at)) return null;
  const end = objectEnd(text, at);
  if (end === -1) return undefined;
  try {
    const usage = JSON.parse(text.slice(at, end + 1)) as CompletionUsage;
    return typeof usage === "object" && usage !== null && typeof usage.total_tokens === "number" ? usage : undefined;
  } catch {
    return undefined;
  }
}

function isBraced(text: string): boolean {
  let start = 0;
  let end = text.length - 1;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end))) end--;
  return text.charCodeAt(start) === 123 /* { */ && text.charCodeAt(end) === 125 /* } */;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

/** Index of the `}` closing the object that opens at `start`, or -1. Strings are skipped whole. */
function objectEnd(text: string, start: number): number {
  if (text.charCodeAt(start) !== 123) return -1;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
    } else if (code === 123) depth++;
    else if (code === 125 && --depth === 0) return i;
  }
  return -1;
}
