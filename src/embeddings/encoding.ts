import { malformedUpstream } from "../providers/shared/upstream-json.js";
import type { EmbeddingEncoding, EmbeddingsRequest, EmbeddingVector } from "./types.js";

/** OpenAI's `base64` is little-endian float32; a Float32Array is in the machine's order. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The first vector's JSON, far enough to see its kind: a string (base64) or an array (floats). */
const FIRST_VECTOR = /"embedding"\s*:\s*(["[])/;

export function requestedEncoding(request: EmbeddingsRequest): EmbeddingEncoding {
  return request.encoding_format === "base64" ? "base64" : "float";
}

/**
 * The encoding of the vectors in an OpenAI embeddings answer's text, read without parsing it
 * (a `"embedding"` key can only be the answer's own: inside strings quotes are escaped).
 * Undefined when the text shows no vector.
 */
export function encodingOfAnswer(text: string): EmbeddingEncoding | undefined {
  const found = FIRST_VECTOR.exec(text);
  if (!found) return undefined;
  return found[1] === '"' ? "base64" : "float";
}

/** Floats → base64 of their little-endian float32 bytes: exactly what OpenAI sends for `base64`. */
export function toBase64(vector: readonly number[]): string {
  const floats = Float32Array.from(vector);
  const bytes = Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength);
  if (!LITTLE_ENDIAN) bytes.swap32();
  return bytes.toString("base64");
}

/** Base64 of little-endian float32 → the floats; anything that is not whole float32s is a 502. */
export function fromBase64(text: string): number[] {
  const bytes = Buffer.from(text, "base64");
  if (bytes.length % 4 !== 0) throw malformedUpstream("embedding");
  const floats = new Array<number>(bytes.length / 4);
  for (let i = 0; i < floats.length; i++) floats[i] = bytes.readFloatLE(i * 4);
  return floats;
}

/** One vector as the JSON value of `embedding` in the encoding asked for. */
export function vectorJson(vector: EmbeddingVector, encoding: EmbeddingEncoding): string {
  if (encoding === "base64") return typeof vector === "string" ? JSON.stringify(vector) : `"${toBase64(vector)}"`;
  return JSON.stringify(typeof vector === "string" ? fromBase64(vector) : vector);
}
