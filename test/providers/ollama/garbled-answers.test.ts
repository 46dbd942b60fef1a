import { describe, expect, it } from "vitest";
import { ollama } from "../../../src/providers/ollama/index.js";
import { OllamaStreamTranslator } from "../../../src/providers/ollama/stream.js";
import { translateAll, translationContext } from "../../helpers/translation.js";

describe("garbled Ollama answers", () => {
  it("are 502s, never crashes", () => {
    const context = () => translationContext(ollama, { model: "llama3.2", messages: [], stream: true });
    for (const line of ['{"model":"m","done":false}', '{"message":{"content":"","tool_calls":[null]},"done":false}', "[1]"]) {
      expect(() => translateAll(new OllamaStreamTranslator(context()), [line])).toThrow(/malformed/);
    }
    expect(() => ollama.chat.parseResponse('{"message":{"tool_calls":{}},"done":true}', context())).toThrow(/malformed/);
  });
});
