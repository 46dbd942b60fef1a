import { describe, expect, it } from "vitest";
import type { ChatCompletionMessageFunctionToolCall } from "openai/resources/chat/completions";
import { mistral } from "../../../src/providers/mistral/index.js";
import { MistralStreamTranslator } from "../../../src/providers/mistral/stream.js";
import { ProxyError } from "../../../src/errors.js";
import { expectChunk } from "../../helpers/openai-schema.js";
import { translateAll, translationContext, type Emitted } from "../../helpers/translation.js";
import { CompletionAssembler } from "../../../src/chat/assemble.js";
import { thrown } from "../../helpers/proxy-errors.js";
import { DEVSTRAL_TOOL_CALL, MISTRAL_ID, toolCallChunk } from "../../helpers/mistral-samples.js";
import { fixture, lines } from "../../helpers/files.js";

const TEXT = fixture("mistral/text.chunks.jsonl");
const TOOL_CALL = fixture("mistral/tool-call.chunks.jsonl");

/** The tool calls of the answer a client assembles from the emitted chunks (each checked against OpenAI's schema). */
function assembled(emitted: Emitted[]): ChatCompletionMessageFunctionToolCall[] {
  const assembler = new CompletionAssembler();
  for (const { chunk } of emitted) {
    expectChunk(chunk);
    assembler.add(chunk);
  }
  return (assembler.result().choices[0]!.message.tool_calls ?? []) as ChatCompletionMessageFunctionToolCall[];
}

describe("Mistral stream translation (recorded chunks)", () => {
  const translate = (jsonl: string, request: object = { model: "mistral-small-latest", stream: true }) =>
    translateAll(new MistralStreamTranslator(translationContext(mistral, { messages: [], ...request })), [...lines(jsonl), "[DONE]"]);

  it("relays text chunks as their own bytes and moves the finish chunk's usage to a usage chunk", () => {
    const recorded = lines(TEXT);
    const emitted = translate(TEXT);
    expect(emitted).toHaveLength(recorded.length + 1);
    for (let i = 0; i < recorded.length - 1; i++) {
      expect(emitted[i]!.text).toBe(recorded[i]);
      expect(emitted[i]!.chunk).toEqual(JSON.parse(recorded[i]!));
    }
    const identity = {
      id: "5319bd0299614c679a0068a4f2c8ffd0",
      object: "chat.completion.chunk",
      created: 1769088720,
      model: "mistral-small-latest",
    };
    expect(emitted.at(-2)!.chunk).toEqual({
      ...identity,
      choices: [{ index: 0, delta: { content: "" }, logprobs: null, finish_reason: "stop" }],
    });
    expect(emitted.at(-1)!.chunk).toEqual({
      ...identity,
      choices: [],
      usage: { prompt_tokens: 13, completion_tokens: 8, total_tokens: 21 },
    });
    for (const { chunk } of emitted) expectChunk(chunk);
  });

  it("relays plain text chunks after the first token without parsing them, and parses everything else", () => {
    const recorded = lines(TEXT);
    const kinds: string[] = [];
    const translator = new MistralStreamTranslator(
      translationContext(mistral, { model: "mistral-small-latest", messages: [], stream: true }),
    );
    const sink = {
      chunk: (_chunk: unknown, text?: string) => void kinds.push(text === undefined ? "built" : "chunk"),
      relay: (text: string) => {
        kinds.push("relay");
        expect(recorded).toContain(text);
      },
    };
    for (const data of recorded) translator.push({ event: undefined, data }, sink);
    // role chunk and first token parsed (time to first token), the other tokens relayed, the
    // finish chunk rebuilt with its usage moved to a usage chunk.
    expect(kinds).toEqual(["chunk", "chunk", ...recorded.slice(2, -1).map(() => "relay"), "built", "built"]);

    // Anything but a plain text delta in Mistral's exact layout is still parsed and translated.
    const [head, tail] = recorded[2]!.split('"content":", "');
    expect(tail).toBeDefined();
    const parsedAfterFirstToken = [
      recorded[2]!.replace("}]}", '}],"p":"abcdef"}'),
      recorded[2]!.replace('"content":", "', '"content":[{"type":"text","text":", "}]'),
      recorded[2]!.replace(
        '"content":", "',
        '"content":", ","tool_calls":[{"id":"gSIMJiOkT","function":{"name":"weather","arguments":"{}"}}]',
      ),
      recorded[2]!.replace("}]}", '}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}'),
      recorded[2]!.replace('"content":", "', '"content":"bad \\x escape"'),
      `${head}"role":"assistant","content":", "${tail}`,
    ];
    for (const data of parsedAfterFirstToken) {
      kinds.length = 0;
      const fresh = new MistralStreamTranslator(translationContext(mistral, { model: "mistral-small-latest", messages: [], stream: true }));
      for (const first of recorded.slice(0, 2)) fresh.push({ event: undefined, data: first }, sink);
      try {
        fresh.push({ event: undefined, data }, sink);
      } catch (error) {
        expect(error).toMatchObject({ status: 502, code: "bad_upstream_response" });
      }
      expect(kinds).not.toContain("relay");
    }
  });

  it("gives a whole tool call without index its index and type", () => {
    const emitted = translate(TOOL_CALL);
    const identity = {
      id: "b3999b8c93e04e11bcbff7bcab829667",
      object: "chat.completion.chunk",
      created: 1769088854,
      model: "mistral-small-latest",
    };
    expect(emitted.map((entry) => entry.chunk)).toEqual([
      JSON.parse(lines(TOOL_CALL)[0]!),
      {
        ...identity,
        choices: [
          {
            index: 0,
            delta: {
              content: null,
              tool_calls: [
                { index: 0, id: "gSIMJiOkT", type: "function", function: { name: "weather", arguments: '{"location": "San Francisco"}' } },
              ],
            },
            logprobs: null,
            finish_reason: "tool_calls",
          },
        ],
      },
      { ...identity, choices: [], usage: { prompt_tokens: 124, completion_tokens: 22, total_tokens: 146 } },
    ]);
    for (const { chunk } of emitted) expectChunk(chunk);
  });

  it("numbers parallel calls that arrive in one delta with the same index", () => {
    const recorded = JSON.parse(lines(TOOL_CALL)[1]!);
    const call = recorded.choices[0].delta.tool_calls[0];
    recorded.choices[0].delta.tool_calls = [
      { ...call, index: 0 },
      { ...call, id: "Q3fh2kLmP", index: 0, function: { name: "weather", arguments: { location: "Lyon" } } },
    ];
    const [chunk] = translate(JSON.stringify(recorded));
    expect(chunk!.chunk.choices[0]!.delta.tool_calls).toEqual([
      { index: 0, id: "gSIMJiOkT", type: "function", function: { name: "weather", arguments: '{"location": "San Francisco"}' } },
      { index: 1, id: "Q3fh2kLmP", type: "function", function: { name: "weather", arguments: '{"location":"Lyon"}' } },
    ]);
  });

  it("keeps a call streamed in pieces on one index, whatever id its continuations carry", () => {
    const emitted = translate(DEVSTRAL_TOOL_CALL);
    expect(emitted.flatMap((entry) => entry.chunk.choices[0]?.delta.tool_calls ?? [])).toEqual([
      { index: 0, id: "WcG8xhSs1", type: "function", function: { name: "read_file", arguments: "" } },
      { index: 0, function: { arguments: '{"' } },
      { index: 0, function: { arguments: "path" } },
      { index: 0, function: { arguments: '": "a.txt"}' } },
    ]);
    expect(assembled(emitted)).toEqual([
      { id: "WcG8xhSs1", type: "function", function: { name: "read_file", arguments: '{"path": "a.txt"}' } },
    ]);
  });

  it("sends a repeated id, like a name, only with a call's first piece", () => {
    const piece = (args: string) => ({ id: "Q3fh2kLmP", index: 0, function: { name: "weather", arguments: args } });
    const emitted = translate([toolCallChunk([piece('{"location":')]), toolCallChunk([piece('"Lyon"}')])].join("\n"));
    expect(emitted.map((entry) => entry.chunk.choices[0]!.delta.tool_calls)).toEqual([
      [{ index: 0, id: "Q3fh2kLmP", type: "function", function: { name: "weather", arguments: '{"location":' } }],
      [{ index: 0, function: { arguments: '"Lyon"}' } }],
    ]);
    expect(assembled(emitted)).toEqual([
      { id: "Q3fh2kLmP", type: "function", function: { name: "weather", arguments: '{"location":"Lyon"}' } },
    ]);
  });

  it("gives calls without a usable id their own index and an id in Mistral's form", () => {
    const calls = assembled(
      translate(
        toolCallChunk([
          { id: "null", function: { name: "weather", arguments: '{"location":"Paris"}' } },
          { id: "null", function: { name: "time", arguments: '{"zone":"CET"}' } },
          { function: { name: "noop", arguments: "{}" } },
          { id: "", index: 3, function: { name: "noop", arguments: "{}" } },
        ]),
      ),
    );
    expect(calls.map((call) => call.function)).toEqual([
      { name: "weather", arguments: '{"location":"Paris"}' },
      { name: "time", arguments: '{"zone":"CET"}' },
      { name: "noop", arguments: "{}" },
      { name: "noop", arguments: "{}" },
    ]);
    for (const call of calls) expect(call.id).toMatch(MISTRAL_ID);
    expect(new Set(calls.map((call) => call.id)).size).toBe(4);
  });

  it("turns reasoning chunks into reasoning_content and model_length into length", () => {
    const base = { id: "r1", object: "chat.completion.chunk", created: 1, model: "magistral-small-2509" };
    const emitted = translate(
      [
        {
          ...base,
          choices: [
            {
              index: 0,
              delta: { role: "assistant", content: [{ type: "thinking", thinking: [{ type: "text", text: "Hmm." }] }] },
              finish_reason: null,
            },
          ],
        },
        { ...base, choices: [{ index: 0, delta: { content: [{ type: "text", text: "Four." }] }, finish_reason: "model_length" }] },
      ]
        .map((chunk) => JSON.stringify(chunk))
        .join("\n"),
    );
    expect(emitted.map((entry) => entry.chunk.choices[0]?.delta)).toEqual([
      { role: "assistant", reasoning_content: "Hmm." },
      { content: "Four." },
    ]);
    expect(emitted[1]!.chunk.choices[0]!.finish_reason).toBe("length");
  });

  it("fails on a stream that ends early, on garbage and on an error event", () => {
    expect(() =>
      translateAll(new MistralStreamTranslator(translationContext(mistral, { model: "m", messages: [] })), lines(TEXT).slice(0, 3)),
    ).toThrow(/ended before the answer was complete/);
    const twoChoices = (index: number, finish: string | null) =>
      JSON.stringify({
        id: "x",
        object: "chat.completion.chunk",
        created: 1,
        model: "m",
        choices: [{ index, delta: { content: "a" }, finish_reason: finish }],
      });
    const translator = () => new MistralStreamTranslator(translationContext(mistral, { model: "m", messages: [], n: 2 }));
    expect(() => translateAll(translator(), [twoChoices(0, null), twoChoices(1, null), twoChoices(0, "stop")])).toThrow(
      /ended before the answer was complete/,
    );
    expect(translateAll(translator(), [twoChoices(0, null), twoChoices(1, "stop"), twoChoices(0, "stop")])).toHaveLength(3);
    expect(() => translate("{not json")).toThrow(ProxyError);
    const error = thrown(() => translate(fixture("errors/mistral-tool-call-id.json")));
    expect(error).toMatchObject({ status: 502, type: "invalid_function_call", code: "3280" });
  });
});
