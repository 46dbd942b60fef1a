import { describe, expect, it } from "vitest";
import { ollama } from "../../../src/providers/ollama/index.js";
import { OllamaStreamTranslator } from "../../../src/providers/ollama/stream.js";
import { ProxyError } from "../../../src/errors.js";
import { expectChunk } from "../../helpers/openai-schema.js";
import { translateAll, translationContext } from "../../helpers/translation.js";
import { fixture, lines } from "../../helpers/files.js";

const CHAT_STREAM = fixture("ollama/chat-stream.ndjson");
const TOOL_STREAM = fixture("ollama/chat-tool-call-stream.ndjson");

const TOOL_CALL_ID = /^call_[0-9A-Za-z]{24}$/;

describe("Ollama stream translation (recorded lines)", () => {
  const identity = { id: "chatcmpl-test", object: "chat.completion.chunk", created: 1_700_000_000, model: "llama3.2" };
  const translate = (ndjson: string) =>
    translateAll(
      new OllamaStreamTranslator(translationContext(ollama, { model: "llama3.2", messages: [], stream: true })),
      lines(ndjson),
    ).map((entry) => entry.chunk);
  const choice = (delta: object, finish_reason: string | null = null) => ({
    ...identity,
    choices: [{ index: 0, delta, logprobs: null, finish_reason }],
  });

  it("turns text lines into chunks, the done line into the finish and usage chunks", () => {
    const chunks = translate(CHAT_STREAM);
    expect(chunks).toEqual([
      choice({ role: "assistant", content: "The" }),
      choice({ content: " sky" }),
      choice({ content: " is blue." }),
      choice({}, "stop"),
      { ...identity, choices: [], usage: { prompt_tokens: 26, completion_tokens: 4, total_tokens: 30 } },
    ]);
    for (const chunk of chunks) expectChunk(chunk);
  });

  it("turns a tool call line into a whole tool-call delta with an id, and stop into tool_calls", () => {
    const chunks = translate(TOOL_STREAM);
    const id = chunks[0]!.choices[0]!.delta.tool_calls![0]!.id!;
    expect(id).toMatch(TOOL_CALL_ID);
    expect(chunks).toEqual([
      choice({
        role: "assistant",
        tool_calls: [
          {
            index: 0,
            id,
            type: "function",
            function: { name: "get_current_weather", arguments: '{"format":"celsius","location":"Paris, FR"}' },
          },
        ],
      }),
      choice({}, "tool_calls"),
      { ...identity, choices: [], usage: { prompt_tokens: 122, completion_tokens: 33, total_tokens: 155 } },
    ]);
    for (const chunk of chunks) expectChunk(chunk);
  });

  it("passes thinking as reasoning_content and keeps Ollama's own call ids", () => {
    const [done] = lines(CHAT_STREAM).slice(-1);
    const thinking = [
      {
        model: "qwen3",
        created_at: "2026-03-01T10:00:00Z",
        message: { role: "assistant", content: "", thinking: "Let me think." },
        done: false,
      },
      {
        model: "qwen3",
        created_at: "2026-03-01T10:00:01Z",
        message: { role: "assistant", content: "", tool_calls: [{ id: "call_abc", function: { index: 0, name: "f", arguments: {} } }] },
        done: false,
      },
    ];
    const chunks = translate([...thinking.map((line) => JSON.stringify(line)), done].join("\n"));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: "assistant", reasoning_content: "Let me think." },
      { tool_calls: [{ index: 0, id: "call_abc", type: "function", function: { name: "f", arguments: "{}" } }] },
      {},
      undefined,
    ]);
    expect(chunks[0]!.model).toBe("qwen3");
  });

  it("numbers parallel calls of one line one after the other", () => {
    const [callLine, doneLine] = lines(TOOL_STREAM).map((line) => JSON.parse(line));
    callLine.message.tool_calls.push({ function: { name: "get_current_weather", arguments: { format: "celsius", location: "Lyon, FR" } } });
    const chunks = translate([JSON.stringify(callLine), JSON.stringify({ ...doneLine, done_reason: "length" })].join("\n"));
    expect(chunks[0]!.choices[0]!.delta.tool_calls!.map((call) => [call.index, call.function?.arguments])).toEqual([
      [0, '{"format":"celsius","location":"Paris, FR"}'],
      [1, '{"format":"celsius","location":"Lyon, FR"}'],
    ]);
    expect(chunks[1]!.choices[0]!.finish_reason).toBe("length");
  });

  it("fails on an error line, on garbage and on a stream without its done line", () => {
    const error = (() => {
      try {
        translate(`${lines(CHAT_STREAM)[0]}\n{"error":"an error was encountered while running the model: unexpected EOF"}`);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProxyError);
    expect(error).toMatchObject({ status: 502, message: "an error was encountered while running the model: unexpected EOF" });
    expect(() => translate("not json")).toThrow(/malformed stream line/);
    expect(() => translate(lines(CHAT_STREAM).slice(0, 2).join("\n"))).toThrow(/ended before the answer was complete/);
  });
});
