import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random base62 text (crypto-strength; slight modulo bias is irrelevant for ids). */
export function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % 62];
  return out;
}

/** A tool-call id in OpenAI's style, for providers whose calls carry none. */
export function newToolCallId(): string {
  return `call_${randomBase62(24)}`;
}
