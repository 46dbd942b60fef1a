import { describe, expect, it } from "vitest";
import { ollama } from "../../../src/providers/ollama/index.js";
import type { InlineImage } from "../../../src/providers/shared/data-url.js";
import { expectError } from "../../helpers/openai-schema.js";
import { PNG_BASE64 } from "../../helpers/image-server.js";
import { testProvider, translationContext, type ContextOptions, onTheWire } from "../../helpers/translation.js";
import { weatherTool } from "../../helpers/ollama-samples.js";
import { rejection } from "../../helpers/proxy-errors.js";

async function build(request: object, options: ContextOptions = {}) {
  const ctx = translationContext(ollama, { model: "llama3.2", ...request }, options);
  const call = onTheWire(await ollama.chat.buildRequest(ctx), ctx, ollama);
  return { call, body: JSON.parse(call.body!) };
}

describe("Ollama request", () => {
  it("builds /api/chat: options, format, tools, think, keep_alive, images and tool turns", async () => {
    const { call, body } = await build(
      {
        messages: [
          { role: "developer", content: "Answer in French." },
          {
            role: "user",
            content: [
              { type: "text", text: "Weather where this photo was taken?" },
              { type: "image_url", image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
            ],
          },
          {
            role: "assistant",
            content: null,
            reasoning_content: "Looks like Paris.",
            tool_calls: [
              {
                id: "call_1",
                type: "function",
                function: { name: "get_current_weather", arguments: '{"location":"Paris, FR","format":"celsius"}' },
              },
            ],
          },
          { role: "tool", tool_call_id: "call_1", content: "22°C" },
        ],
        temperature: 0.2,
        top_p: 0.8,
        max_completion_tokens: 256,
        stop: "END",
        seed: 11,
        presence_penalty: 0.5,
        frequency_penalty: 0.25,
        response_format: {
          type: "json_schema",
          json_schema: { name: "w", schema: { type: "object", properties: { c: { type: "number" } } } },
        },
        tools: [weatherTool],
        reasoning_effort: "high",
        keep_alive: "10m",
        options: { num_ctx: 8192, temperature: 1 },
        user: "someone",
        store: true,
      },
      { provider: testProvider(ollama, { api_key: undefined }) },
    );
    expect(call).toMatchObject({ method: "POST", url: "http://localhost:11434/api/chat", response: "json" });
    expect(call.headers).toEqual({ accept: "application/json", "content-type": "application/json" });
    expect(body).toEqual({
      model: "llama3.2",
      messages: [
        { role: "system", content: "Answer in French." },
        { role: "user", content: "Weather where this photo was taken?", images: [PNG_BASE64] },
        {
          role: "assistant",
          content: "",
          thinking: "Looks like Paris.",
          tool_calls: [
            { id: "call_1", function: { name: "get_current_weather", arguments: { location: "Paris, FR", format: "celsius" } } },
          ],
        },
        { role: "tool", content: "22°C", tool_call_id: "call_1", tool_name: "get_current_weather" },
      ],
      stream: false,
      options: {
        num_ctx: 8192,
        temperature: 0.2,
        top_p: 0.8,
        num_predict: 256,
        stop: ["END"],
        seed: 11,
        presence_penalty: 0.5,
        frequency_penalty: 0.25,
      },
      format: { type: "object", properties: { c: { type: "number" } } },
      tools: [weatherTool],
      think: true,
      keep_alive: "10m",
    });
  });

  it("streams as NDJSON and sends the key of a remote Ollama", async () => {
    const { call, body } = await build(
      { messages: [{ role: "user", content: "hi" }], stream: true, max_tokens: 5, response_format: { type: "json_object" } },
      { provider: testProvider(ollama, { base_url: "https://ollama.com", api_key: "ollama-key" }) },
    );
    expect(call).toMatchObject({ url: "https://ollama.com/api/chat", response: "ndjson" });
    expect(call.headers).toMatchObject({ accept: "application/x-ndjson", authorization: "Bearer ollama-key" });
    expect(body).toEqual({
      model: "llama3.2",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      options: { num_predict: 5 },
      format: "json",
    });
  });

  it("maps reasoning_effort to think: levels for models that take them, true or false for the rest", async () => {
    const think = async (model: string, extra: object) =>
      (await build({ model, messages: [{ role: "user", content: "hi" }], ...extra })).body.think;
    expect(await think("gpt-oss:20b", { reasoning_effort: "minimal" })).toBe("low");
    expect(await think("gpt-oss:20b", { reasoning_effort: "medium" })).toBe("medium");
    expect(await think("gpt-oss:120b", { reasoning_effort: "xhigh" })).toBe("high");
    expect(await think("qwen3:8b", { reasoning_effort: "low" })).toBe(true);
    expect(await think("qwen3:8b", { reasoning_effort: "none" })).toBe(false);
    expect(await think("qwen3:8b", {})).toBeUndefined();
    expect(await think("qwen3:8b", { reasoning_effort: "high", think: false })).toBe(false);
    const levels = testProvider(ollama, { options: ollama.options!({ think_level_models: ["deepseek-*"] }, "options") });
    expect(
      (await build({ model: "deepseek-r1:8b", messages: [{ role: "user", content: "hi" }], reasoning_effort: "low" }, { provider: levels }))
        .body.think,
    ).toBe("low");
  });

  it("honours tool_choice none and a named function by narrowing the tools", async () => {
    const other = { type: "function" as const, function: { name: "other" } };
    const base = { messages: [{ role: "user", content: "hi" }], tools: [weatherTool, other] };
    expect((await build({ ...base, tool_choice: "none" })).body.tools).toBeUndefined();
    expect((await build({ ...base, tool_choice: { type: "function", function: { name: "other" } } })).body.tools).toEqual([other]);
    expect((await build({ ...base, tool_choice: "required" })).body.tools).toEqual([weatherTool, other]);
    expect(await rejection(build({ ...base, tool_choice: { type: "function", function: { name: "nope" } } }))).toMatchObject({
      status: 400,
      param: "tool_choice",
    });
  });

  it("fetches http(s) image URLs through the context, naming the field", async () => {
    const fetched: Array<[string, string]> = [];
    const fetchImage = async (url: string, param: string): Promise<InlineImage> => {
      fetched.push([url, param]);
      return { mediaType: "image/png", base64: PNG_BASE64 };
    };
    const { body } = await build(
      {
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Compare" },
              { type: "image_url", image_url: { url: "https://images.example.com/a.png" } },
              { type: "text", text: "and" },
              { type: "image_url", image_url: { url: "https://images.example.com/b.png", detail: "high" } },
            ],
          },
        ],
      },
      { fetchImage },
    );
    expect(body.messages).toEqual([{ role: "user", content: "Compare\nand", images: [PNG_BASE64, PNG_BASE64] }]);
    expect(fetched).toEqual([
      ["https://images.example.com/a.png", "messages[0].content[1].image_url.url"],
      ["https://images.example.com/b.png", "messages[0].content[3].image_url.url"],
    ]);
  });

  it("checks every message before fetching any image", async () => {
    let fetches = 0;
    const fetchImage = async (): Promise<InlineImage> => {
      fetches++;
      return { mediaType: "image/png", base64: PNG_BASE64 };
    };
    const error = await rejection(
      build(
        {
          messages: [
            { role: "user", content: [{ type: "image_url", image_url: { url: "https://images.example.com/a.png" } }] },
            { role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{oops" } }] },
          ],
        },
        { fetchImage },
      ),
    );
    expect(error).toMatchObject({ status: 400, param: "messages[1].tool_calls[0].function.arguments" });
    expect(fetches).toBe(0);
  });

  it("answers 400 for what Ollama cannot take", async () => {
    const cases: Array<[object, string]> = [
      [{ messages: [{ role: "user", content: "hi" }], n: 2 }, "n"],
      [
        { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "ftp://x/y.png" } }] }] },
        "messages[0].content[0].image_url.url",
      ],
      [
        { messages: [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "AAA", format: "wav" } }] }] },
        "messages[0].content[0].type",
      ],
      [{ messages: [{ role: "function", name: "f", content: "x" }] }, "messages[0].role"],
      [
        { messages: [{ role: "user", content: "hi" }], response_format: { type: "json_schema", json_schema: { name: "x" } } },
        "response_format",
      ],
      [{ messages: [{ role: "user", content: "hi" }], reasoning_effort: "extreme" }, "reasoning_effort"],
    ];
    for (const [request, param] of cases) {
      const error = await rejection(build(request));
      expect(error).toMatchObject({ status: 400, param });
      expectError(error.toBody());
    }
  });
});
