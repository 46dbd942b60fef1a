import { describe, expect, it } from "vitest";
import { ProxyError } from "../../../src/errors.js";
import { adapterFor } from "../../../src/providers/registry.js";
import { chatRequestFor } from "../../../src/responses/bridge/chat-request.js";
import { newCall, type ResponsesCall } from "../../../src/responses/call.js";
import { validateResponsesRequest } from "../../../src/responses/validate-request.js";
import { testProvider } from "../../helpers/translation.js";

const ollama = testProvider(adapterFor("ollama"), { name: "local" });

function call(body: object): ResponsesCall {
  return newCall(validateResponsesRequest({ model: "llama3.2", ...body }));
}

function refusal(body: object): ProxyError {
  try {
    chatRequestFor(call(body), ollama, "llama3.2");
  } catch (error) {
    if (error instanceof ProxyError) return error;
    throw error;
  }
  throw new Error("accepted");
}

describe("a Responses request as the chat request its bridged provider receives", () => {
  it("makes the assistant text and the function calls after it one assistant message, as chat clients send parallel calls", () => {
    const { chat, messageParams } = chatRequestFor(
      call({
        instructions: "Be brief.",
        input: [
          { role: "user", content: "Weather in Paris and Rome?" },
          { type: "message", role: "assistant", content: [{ type: "output_text", text: "Checking both." }] },
          { type: "function_call", call_id: "call_1", name: "weather", arguments: '{"city":"Paris"}' },
          { type: "function_call", call_id: "call_2", name: "weather", arguments: '{"city":"Rome"}' },
          { type: "reasoning", id: "rs_1", summary: [] },
          { type: "function_call_output", call_id: "call_1", output: "Sunny" },
          { type: "function_call_output", call_id: "call_2", output: [{ type: "input_text", text: "Rain" }] },
        ],
      }),
      ollama,
      "llama3.2",
    );
    expect(chat.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Weather in Paris and Rome?" },
      {
        role: "assistant",
        content: "Checking both.",
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
          { id: "call_2", type: "function", function: { name: "weather", arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "Sunny" },
      { role: "tool", tool_call_id: "call_2", content: "Rain" },
    ]);
    expect(messageParams).toEqual(["instructions", "input[0]", "input[1]", "input[5]", "input[6]"]);
  });

  it("maps tools, tool_choice, text.format, reasoning, limits, sampling and metadata", () => {
    const { chat } = chatRequestFor(
      call({
        input: "Hi",
        stream: true,
        tools: [{ type: "function", name: "weather", description: "Weather", parameters: { type: "object" }, strict: true }],
        tool_choice: { type: "function", name: "weather" },
        parallel_tool_calls: false,
        text: { format: { type: "json_schema", name: "reply", schema: { type: "object" }, strict: true } },
        reasoning: { effort: "high", summary: "auto" },
        max_output_tokens: 500,
        temperature: 0.3,
        top_p: 0.8,
        metadata: { run: "1" },
        user: "u-1",
      }),
      ollama,
      "llama3.2",
    );
    expect(chat).toEqual({
      model: "llama3.2",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
      tools: [{ type: "function", function: { name: "weather", description: "Weather", parameters: { type: "object" }, strict: true } }],
      tool_choice: { type: "function", function: { name: "weather" } },
      parallel_tool_calls: false,
      response_format: { type: "json_schema", json_schema: { name: "reply", schema: { type: "object" }, strict: true } },
      reasoning_effort: "high",
      max_tokens: 500,
      temperature: 0.3,
      top_p: 0.8,
      metadata: { run: "1" },
      user: "u-1",
    });
    const allowed = chatRequestFor(
      call({ input: "Hi", tool_choice: { type: "allowed_tools", mode: "required", tools: [{ type: "function", name: "weather" }] } }),
      ollama,
      "llama3.2",
    ).chat.tool_choice;
    expect(allowed).toEqual({
      type: "allowed_tools",
      allowed_tools: { mode: "required", tools: [{ type: "function", function: { name: "weather" } }] },
    });
  });

  it("refuses, naming it, what chat cannot carry instead of dropping it", () => {
    expect(refusal({ input: "Hi", tools: [{ type: "function", name: "f" }, { type: "web_search" }] })).toMatchObject({
      status: 400,
      param: "tools[1].type",
      message: expect.stringContaining("The tool 'web_search' cannot be sent to provider 'local' (ollama)"),
    });
    expect(refusal({ input: [{ type: "computer_call_output", call_id: "c", output: {} }] })).toMatchObject({ param: "input[0].type" });
    expect(refusal({ input: [{ role: "user", content: [{ type: "input_image", file_id: "file-1" }] }] })).toMatchObject({
      param: "input[0].content[0].file_id",
    });
    expect(refusal({ input: "Hi", background: true })).toMatchObject({ param: "background" });
    expect(refusal({ instructions: "Be brief." })).toMatchObject({ param: "input", code: "missing_required_parameter" });
    expect(refusal({ input: "Hi", tool_choice: { type: "web_search_preview" } })).toMatchObject({ param: "tool_choice.type" });
    expect(refusal({ input: [{ type: "item_reference", id: "msg_gone" }] })).toMatchObject({ status: 404, param: "input[0]" });
  });
});
