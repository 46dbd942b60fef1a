import { boolean, object, optional } from "../../config/validate.js";

/** `providers.<name>.options` for OpenAI-compatible servers. */
export const openAIOptions = object({
  /**
   * Ask for usage in streams (`stream_options.include_usage`). On by default; turn off only for a
   * server that rejects the field.
   */
  stream_usage: optional(boolean(), true),
});

export type OpenAIOptions = ReturnType<typeof openAIOptions>;

export function readOpenAIOptions(options: unknown): OpenAIOptions {
  return (options as OpenAIOptions | undefined) ?? { stream_usage: true };
}
