import { describe, expect, it } from "vitest";
import { ollama } from "../../../src/providers/ollama/index.js";
import { expectCompletion } from "../../helpers/openai-schema.js";
import { translationContext } from "../../helpers/translation.js";
import { fixture, lines } from "../../helpers/files.js";

const TOOL_STREAM = fixture("ollama/chat-tool-call-stream.ndjson");
const CHAT_JSON = fixture("ollama/chat.json");
const NOT_FOUND = fixture("ollama/error-model-not-found.json");

const TOOL_CALL_ID = /^call_[0-9A-Za-z]{24}$/;

describe("Ollama JSON answers and errors", () => {
  it("turns the stream: false answer into a completion with usage", () => {
    const completion = ollama.chat.parseResponse(CHAT_JSON, translationContext(ollama, { model: "llama3.2", messages: [] })).completion;
    expect(completion).toEqual({
      id: "chatcmpl-test",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "llama3.2",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Hello! How are you today?", refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 26, completion_tokens: 298, total_tokens: 324 },
    });
    expectCompletion(completion);
  });

  it("gives a JSON answer's tool calls ids and stringified arguments, and finish_reason tool_calls", () => {
    // The tool-call line of the recorded stream, as the stream: false answer carries it.
    const [callLine, doneLine] = lines(TOOL_STREAM).map((line) => JSON.parse(line));
    const body = { ...doneLine, message: callLine.message };
    body.message.tool_calls.push({ function: { name: "get_current_weather", arguments: { format: "celsius", location: "Lyon, FR" } } });
    const completion = ollama.chat.parseResponse(
      JSON.stringify(body),
      translationContext(ollama, { model: "llama3.2", messages: [] }),
    ).completion;
    expectCompletion(completion);
    const message = completion.choices[0]!.message;
    expect(completion.choices[0]!.finish_reason).toBe("tool_calls");
    expect(message.tool_calls!.map((call) => (call.type === "function" ? call.function : undefined))).toEqual([
      { name: "get_current_weather", arguments: '{"format":"celsius","location":"Paris, FR"}' },
      { name: "get_current_weather", arguments: '{"format":"celsius","location":"Lyon, FR"}' },
    ]);
    const ids = message.tool_calls!.map((call) => call.id);
    for (const id of ids) expect(id).toMatch(TOOL_CALL_ID);
    expect(new Set(ids).size).toBe(2);
    expect(completion.usage).toEqual({ prompt_tokens: 122, completion_tokens: 33, total_tokens: 155 });
  });

  it("says length when Ollama stopped at num_predict", () => {
    const body = { ...JSON.parse(CHAT_JSON), done_reason: "length" };
    const completion = ollama.chat.parseResponse(
      JSON.stringify(body),
      translationContext(ollama, { model: "llama3.2", messages: [] }),
    ).completion;
    expect(completion.choices[0]!.finish_reason).toBe("length");
  });

  it("reports a missing model as OpenAI does, other errors with their status", () => {
    const notFound = ollama.parseError(404, NOT_FOUND, {});
    expect(notFound.status).toBe(404);
    expect(notFound.toBody()).toEqual({
      error: {
        message: 'model "llama9" not found, try pulling it first',
        type: "invalid_request_error",
        param: null,
        code: "model_not_found",
      },
    });
    const other = ollama.parseError(400, '{"error":"\\"llama3.2\\" does not support thinking"}', {});
    expect(other.toBody().error).toEqual({
      message: '"llama3.2" does not support thinking',
      type: "invalid_request_error",
      param: null,
      code: null,
    });
  });
});
