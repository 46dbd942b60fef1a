import { kindOf, missing, requestWithModel } from "../http/field-checks.js";
import { invalidRequest } from "../errors.js";
import type { EmbeddingsRequest } from "./types.js";

/** OpenAI's limit on the inputs of one request. */
export const MAX_INPUTS = 2048;

/**
 * Checks an embeddings request as OpenAI does, in OpenAI's words where they are known: input
 * problems start with OpenAI's own `'$.input' is invalid`, followed by what is wrong (OpenAI says
 * only that). Fields we do not know pass unchecked to upstreams that may know them; `null` means
 * "not set", as in OpenAI's API.
 */
export function validateEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  const request = requestWithModel(body);
  if (request.input === undefined || request.input === null) throw missing("input");
  validateInput(request.input);

  const encoding = request.encoding_format;
  if (encoding !== undefined && encoding !== null && encoding !== "float" && encoding !== "base64") {
    if (typeof encoding !== "string") throw invalidType("encoding_format", "a string", encoding);
    throw invalidRequest(`Invalid value: '${encoding}'. Supported values are: 'float' and 'base64'.`, "encoding_format", "invalid_value");
  }
  const dimensions = request.dimensions;
  if (dimensions !== undefined && dimensions !== null) {
    if (typeof dimensions !== "number" || !Number.isInteger(dimensions)) throw invalidType("dimensions", "an integer", dimensions);
    if (dimensions < 1) {
      throw invalidRequest(
        `Invalid 'dimensions': integer below minimum value. Expected a value >= 1, but got ${dimensions} instead.`,
        "dimensions",
        "integer_below_min_value",
      );
    }
  }
  if (request.user !== undefined && request.user !== null && typeof request.user !== "string") {
    throw invalidType("user", "a string", request.user);
  }
  return request as EmbeddingsRequest;
}

/** A non-empty text, or a non-empty array of texts, of token ids, or of token arrays (one kind per array). */
function validateInput(input: unknown): void {
  if (typeof input === "string") {
    if (input.length === 0) throw invalidInput("'input' cannot be an empty string", "invalid_value");
    return;
  }
  if (!Array.isArray(input)) {
    throw invalidType("input", "a string, an array of strings, an array of integers or an array of arrays of integers", input);
  }
  if (input.length === 0) throw invalidInput("'input' is an empty array; it needs at least one input", "empty_array");
  if (input.length > MAX_INPUTS) {
    throw invalidInput(`array length must be ${MAX_INPUTS} or less, but 'input' has ${input.length} items`, "array_above_max_length");
  }
  // The first item says which of the three kinds of array this is.
  const first: unknown = input[0];
  if (typeof first === "number") {
    validateTokens(input, "input");
    return;
  }
  if (Array.isArray(first)) {
    for (let i = 0; i < input.length; i++) {
      const item: unknown = input[i];
      if (!Array.isArray(item)) throw wrongItem(`input[${i}]`, item, "an array of token arrays holds arrays only");
      if (item.length === 0) throw invalidInput(`input[${i}] is an empty token array`, "invalid_value");
      validateTokens(item, `input[${i}]`);
    }
    return;
  }
  for (let i = 0; i < input.length; i++) {
    const item: unknown = input[i];
    if (typeof item !== "string") throw wrongItem(`input[${i}]`, item, "an array of texts holds strings only");
    if (item.length === 0) throw invalidInput(`input[${i}] is an empty string, and inputs cannot be empty`, "invalid_value");
  }
}

function validateTokens(tokens: unknown[], path: string): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (typeof token !== "number" || !Number.isInteger(token) || token < 0) {
      const what = typeof token === "number" ? `the number ${token}` : kindOf(token);
      throw invalidInput(`${path}[${i}] is ${what}; a token array holds non-negative integers only`, "invalid_type");
    }
  }
}

function wrongItem(path: string, item: unknown, rule: string) {
  return invalidInput(`${path} is ${kindOf(item)}; ${rule}`, "invalid_type");
}

function invalidInput(reason: string, code: string) {
  return invalidRequest(`'$.input' is invalid: ${reason}.`, "input", code);
}

function invalidType(param: string, expected: string, value: unknown) {
  return invalidRequest(`Invalid type for '${param}': expected ${expected}, but got ${kindOf(value)} instead.`, param, "invalid_type");
}
