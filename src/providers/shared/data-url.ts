/** An image given inline as `data:<media type>;base64,<data>`. */
export interface InlineImage {
  mediaType: string;
  base64: string;
}

const DATA_URL = /^data:([a-z]+\/[a-z0-9.+-]+)(?:;[a-z0-9-]+=[^;,]*)*;base64,([A-Za-z0-9+/=\s]*)$/i;

/** Unregistered names clients use for a registered type; providers accept only the registered one. */
const MEDIA_TYPE_ALIASES: Readonly<Record<string, string>> = { "image/jpg": "image/jpeg" };

/** Parses a base64 data URL; anything else (an http URL, a non-base64 data URL) gives undefined. */
export function parseDataUrl(url: string): InlineImage | undefined {
  const match = DATA_URL.exec(url);
  if (!match) return undefined;
  const mediaType = match[1]!.toLowerCase();
  return { mediaType: MEDIA_TYPE_ALIASES[mediaType] ?? mediaType, base64: match[2]!.replace(/\s+/g, "") };
}
