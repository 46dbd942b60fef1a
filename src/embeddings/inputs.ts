import type { EmbeddingInput, EmbeddingsRequest } from "./types.js";

/** The request's inputs as a list: a lone text, or a lone token array, is a list of one. */
export function inputList(input: EmbeddingsRequest["input"]): EmbeddingInput[] {
  if (typeof input === "string") return [input];
  if (typeof input[0] === "number") return [input as number[]];
  return input as EmbeddingInput[];
}

/** Whether the inputs are token arrays rather than texts (validated requests hold one kind only). */
export function isTokenInput(input: EmbeddingsRequest["input"]): boolean {
  return typeof input !== "string" && typeof input[0] !== "string";
}
