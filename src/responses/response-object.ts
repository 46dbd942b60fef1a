import type { Response, ResponsesRequest } from "./types.js";

/**
 * A Response object for a request, before any output: the request's own settings echoed as
 * OpenAI echoes them (what the client did not set reads as OpenAI's default, or null where the
 * answering provider's default is not known), `status: in_progress`.
 */
export function responseShell(body: ResponsesRequest, id: string, createdAt: number, model: string): Response {
  // Built untyped and cast once: the SDK's type has `output_text`, its own convenience, never on the wire.
  const response: Record<string, unknown> = {
    id,
    object: "response",
    created_at: createdAt,
    status: "in_progress",
    background: false,
    completed_at: null,
    error: null,
    incomplete_details: null,
    instructions: typeof body.instructions === "string" ? body.instructions : null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: body.max_tool_calls ?? null,
    model,
    output: [],
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    prompt_cache_key: body.prompt_cache_key ?? null,
    reasoning: { effort: body.reasoning?.effort ?? null, summary: body.reasoning?.summary ?? null },
    safety_identifier: body.safety_identifier ?? null,
    store: body.store !== false,
    temperature: body.temperature ?? null,
    text: { format: body.text?.format ?? { type: "text" } },
    tool_choice: body.tool_choice ?? "auto",
    tools: body.tools ?? [],
    top_logprobs: body.top_logprobs ?? 0,
    top_p: body.top_p ?? null,
    truncation: body.truncation ?? "disabled",
    metadata: body.metadata ?? {},
  };
  if (typeof body.user === "string") response.user = body.user;
  return response as unknown as Response;
}
