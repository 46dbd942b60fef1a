import { hash, randomBytes } from "node:crypto";

/** Virtual keys look like OpenAI's (clients and secret scanners recognise the form) and say whose they are. */
export const VIRTUAL_KEY_PREFIX = "sk-llmp-";

/**
 * SHA-256 of a key, in base64. Virtual keys carry 256 random bits, so a fast unsalted hash is enough: there is
 * no dictionary to run against it, and a slow one (bcrypt, scrypt) would cost every request tens of
 * milliseconds of CPU for no gain. Keys from the config are hashed the same way, so one table finds both.
 */
export function hashKey(key: string): string {
  // One-shot and straight to text: a third of what a Hash object and a Buffer cost per request.
  return hash("sha256", key, "base64");
}

/** A new virtual key: the prefix and 32 random bytes, base64url. */
export function newVirtualKey(): string {
  return VIRTUAL_KEY_PREFIX + randomBytes(32).toString("base64url");
}

/** How a stored key is shown (lists, logs): its prefix and last four characters, `sk-llmp-...abcd`. */
export function keyHint(key: string): string {
  const prefix = key.startsWith(VIRTUAL_KEY_PREFIX) ? VIRTUAL_KEY_PREFIX : key.slice(0, 3);
  return `${prefix}...${key.slice(-4)}`;
}

/** The most masked characters quoted: a client may send a header of kilobytes. */
const MAX_STARS = 48;

/**
 * A key a client sent, quoted back the way OpenAI does (`sk-proj-****…abcd`): enough to tell which
 * key it was, never enough to use. Short keys are masked whole.
 */
export function maskPresentedKey(key: string): string {
  if (key.length < 16) return "*".repeat(Math.min(key.length, MAX_STARS));
  const head = key.length >= 32 ? 8 : 3;
  return key.slice(0, head) + "*".repeat(Math.min(key.length - head - 4, MAX_STARS)) + key.slice(-4);
}
