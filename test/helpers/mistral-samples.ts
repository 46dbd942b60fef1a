/** Mistral streams and tools the Mistral translation tests and the end-to-end tests share. */

export const weatherTool = {
  type: "function" as const,
  function: {
    name: "weather",
    description: "Weather in a city",
    parameters: { type: "object", properties: { location: { type: "string" } } },
  },
};

// The first four chunks as zed-industries/zed#53605 quotes them from devstral-medium-latest (tool
// calls streamed in pieces, `"p"` padding); that PR, zed#54058 and langchainjs#11505 report
// continuation pieces that carry the string "null" as their id, as the fifth does here.
const DEVSTRAL_HEAD =
  '{"id":"a7c258430bcb18fdacd3bbd773efb9f1","object":"chat.completion.chunk","created":1775811362,"model":"devstral-medium-latest","choices":[{"index":0,"delta":';
export const DEVSTRAL_TOOL_CALL = [
  '{"role":"assistant","content":""},"finish_reason":null}]}',
  '{"tool_calls":[{"id":"WcG8xhSs1","function":{"name":"read_file","arguments":""},"index":0}]},"finish_reason":null}],"p":"abcdefghijklmno"}',
  '{"tool_calls":[{"function":{"name":"","arguments":"{\\""},"index":0}]},"finish_reason":null}],"p":"abcdefghijklmnopqrstuvwxyz01234567"}',
  '{"tool_calls":[{"function":{"name":"","arguments":"path"},"index":0}]},"finish_reason":null}]}',
  '{"tool_calls":[{"id":"null","function":{"name":"","arguments":"\\": \\"a.txt\\"}"},"index":0}]},"finish_reason":null}]}',
  '{"content":""},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":1021,"completion_tokens":22,"total_tokens":1043}}',
]
  .map((delta) => DEVSTRAL_HEAD + delta)
  .join("\n");

/** A tool-call id in the only form Mistral accepts back. */
export const MISTRAL_ID = /^[a-zA-Z0-9]{9}$/;

/** One chunk whose single choice carries `calls` in its delta and finishes with tool_calls. */
export function toolCallChunk(calls: object[]): string {
  return JSON.stringify({
    id: "x",
    object: "chat.completion.chunk",
    created: 1,
    model: "open-mixtral-8x22b",
    choices: [{ index: 0, delta: { role: "assistant", tool_calls: calls }, finish_reason: "tool_calls" }],
  });
}
