import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Bytes as base62 text, one character per byte (slight modulo bias is irrelevant for ids). */
export function toBase62(bytes: Uint8Array, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % 62];
  return out;
}

/** Random base62 text (crypto-strength). */
export function randomBase62(length: number): string {
  return toBase62(randomBytes(length), length);
}

/** A tool-call id in OpenAI's style, for providers whose calls carry none. */
export function newToolCallId(): string {
  return `call_${randomBase62(24)}`;
}
