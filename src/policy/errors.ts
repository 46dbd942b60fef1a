import { invalidRequest, type ProxyError } from "../errors.js";

/**
 * The 400s OpenAI itself answers when a model refuses a parameter, word for word
 * (test/fixtures/errors/openai-reasoning-*.json), so strict mode tells clients exactly what
 * api.openai.com would have.
 */
export function unsupportedParameter(param: string, replacement?: string): ProxyError {
  const hint = replacement ? ` Use '${replacement}' instead.` : "";
  return invalidRequest(`Unsupported parameter: '${param}' is not supported with this model.${hint}`, param, "unsupported_parameter");
}

export function unsupportedValue(param: string, value: unknown, accepted: readonly unknown[]): ProxyError {
  const supported =
    accepted.length === 1 && typeof accepted[0] === "number"
      ? `Only the default (${accepted[0]}) value is supported.`
      : `Supported values are: ${listWords(accepted.map(quote))}.`;
  return invalidRequest(
    `Unsupported value: '${param}' does not support ${quote(value)} with this model. ${supported}`,
    param,
    "unsupported_value",
  );
}

function quote(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : String(value);
}

/** `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`: OpenAI's own wording of value lists. */
function listWords(words: string[]): string {
  if (words.length <= 2) return words.join(" and ");
  return `${words.slice(0, -1).join(", ")}, and ${words.at(-1)}`;
}
