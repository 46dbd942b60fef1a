import { boolean, object, optional } from "../../config/validate.js";

/** `providers.<name>.options` for OpenAI-compatible servers. */
export const openAIOptions = object({
  /**
   * Ask for usage in streams (`stream_options.include_usage`). On by default; turn off only for a
   * server that rejects the field.
   */
  stream_usage: optional(boolean(), true),
  /**
   * Whether the server speaks OpenAI's Responses API (`POST /responses`), so `/v1/responses`
   * passes through to it; otherwise it is bridged through chat completions. Unset: only
   * api.openai.com does.
   */
  responses: optional(boolean()),
});

export type OpenAIOptions = ReturnType<typeof openAIOptions>;

export function readOpenAIOptions(options: unknown): OpenAIOptions {
  return (options as OpenAIOptions | undefined) ?? { stream_usage: true, responses: undefined };
}
