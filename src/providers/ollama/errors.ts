import { ProxyError } from "../../errors.js";
import { openAIStyleError } from "../shared/error-body.js";
import type { UpstreamHeaders } from "../types.js";

/**
 * Ollama's `{"error":"…"}` bodies → OpenAI's shape, with the status kept. A model that is not
 * installed is a 404 `model_not_found`, as OpenAI reports an unknown model.
 */
export function ollamaError(status: number, body: string, headers: UpstreamHeaders): ProxyError {
  const error = openAIStyleError(status, body, headers);
  if (status === 404 && /\bmodel\b.*\bnot found\b/i.test(error.message)) {
    return new ProxyError(404, error.message, { type: "invalid_request_error", code: "model_not_found", headers: error.headers });
  }
  return error;
}
