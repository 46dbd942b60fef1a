import { describe, expect, it } from "vitest";
import { mistral } from "../../../src/providers/mistral/index.js";
import { MistralStreamTranslator } from "../../../src/providers/mistral/stream.js";
import { translateAll, translationContext } from "../../helpers/translation.js";

describe("garbled Mistral answers", () => {
  it("are 502s, never crashes", () => {
    const base = { id: "x", object: "chat.completion.chunk", created: 1, model: "m" };
    const garbled = [
      { ...base, choices: [null] },
      { ...base, choices: [{ index: 0, delta: { tool_calls: [null] } }] },
      { ...base, choices: [{ index: 0, delta: { tool_calls: "x" } }] },
    ];
    for (const chunk of garbled) {
      const translator = new MistralStreamTranslator(translationContext(mistral, { model: "m", messages: [] }));
      expect(() => translateAll(translator, [JSON.stringify(chunk)])).toThrow(/malformed/);
    }
    const parse = (body: object) => () =>
      mistral.chat.parseResponse(JSON.stringify(body), translationContext(mistral, { model: "m", messages: [] }));
    expect(parse({ choices: [1] })).toThrow(/malformed/);
    expect(parse({ choices: [{ message: { tool_calls: [null] } }] })).toThrow(/malformed/);
    expect(
      parse({ choices: [{ message: { content: [null, { type: "text", text: "ok" }] }, finish_reason: "stop" }] })().completion.choices[0]!
        .message.content,
    ).toBe("ok");
  });
});
