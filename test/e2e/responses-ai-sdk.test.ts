import { describe, expect, inject, it } from "vitest";
import { anthropicMessage } from "../helpers/anthropic-message.js";
import { node24ClientsAvailable, runAiSdk } from "../helpers/node24-clients.js";
import { fixture } from "../helpers/files.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";
import { replaySse, respond } from "../helpers/mock-answers.js";
import { sseData } from "../helpers/sse.js";

const { upstream, proxy } = useProxyAgainstMock(
  (url) => `
providers:
  openai: { type: openai, base_url: "${url}/v1", api_key: sk-openai, options: { responses: true } }
  anthropic: { type: anthropic, base_url: "${url}/anthropic", api_key: sk-ant }
routes:
  - { match: "gpt-*", provider: openai }
  - { match: "claude-*", provider: anthropic }
`,
);

const toolUse = anthropicMessage(
  [
    { type: "text", text: "Let me check.", citations: null },
    { type: "tool_use", id: "toolu_01A09q90qw90lq917835lq9", name: "weather", input: { location: "Paris" }, caller: { type: "direct" } },
  ],
  { stop_reason: "tool_use" },
);
const answer = anthropicMessage([{ type: "text", text: "It is sunny in Paris, 22 degrees.", citations: null }]);

describe.skipIf(!inject("node24Clients") && !node24ClientsAvailable())(
  "the Vercel AI SDK's createOpenAI() default (Responses) model",
  () => {
    const baseURL = () => `${proxy.url}/v1`;

    it("generateText through a bridged provider", async () => {
      upstream.on(
        "POST /anthropic/v1/messages",
        respond(200, JSON.stringify(anthropicMessage([{ type: "text", text: "Hello there!", citations: null }]))),
      );
      const result = await runAiSdk({ baseURL: baseURL(), model: "claude-sonnet-4-5", scenario: "generateText" });
      expect(result.text).toBe("Hello there!");
      expect(result.finishReason).toBe("stop");
      expect(result.usage).toMatchObject({ inputTokens: 25, outputTokens: 12 });
      expect(result.responseId).toMatch(/^resp_/);
    });

    it("streamText through a bridged provider", async () => {
      upstream.on("POST /anthropic/v1/messages", replaySse(fixture("anthropic/text.sse")));
      const streamed = await runAiSdk({ baseURL: baseURL(), model: "claude-sonnet-4-5", scenario: "streamText" });
      const chat = await proxy.post("/v1/chat/completions", {
        model: "claude-sonnet-4-5",
        messages: [{ role: "user", content: "Hello" }],
        stream: true,
      });
      const chatText = sseData(chat.text)
        .filter((data) => data !== "[DONE]")
        .map((data) => JSON.parse(data).choices[0]?.delta.content ?? "")
        .join("");
      expect(chatText.length).toBeGreaterThan(0);
      expect(streamed.text).toBe(chatText);
      expect(streamed.finishReason).toBe("stop");
    });

    it("a tool call, its result sent back (the assistant's text by item_reference), and the answer", async () => {
      upstream.on("POST /anthropic/v1/messages", (request, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(request.body.includes("tool_result") ? answer : toolUse));
      });
      const result = await runAiSdk({ baseURL: baseURL(), model: "claude-sonnet-4-5", scenario: "tool" });
      expect(result.steps).toEqual([
        {
          finishReason: "tool-calls",
          toolCalls: [{ toolName: "weather", input: { location: "Paris" } }],
          toolResults: [{ location: "Paris", forecast: "Sunny, 22 degrees" }],
        },
        { finishReason: "stop", toolCalls: [], toolResults: [] },
      ]);
      expect(result.text).toBe("It is sunny in Paris, 22 degrees.");
      // The SDK named the first answer's message by item_reference; the proxy put the stored item in its place.
      const [firstId, secondId] = result.responseIds;
      const firstMessage = (await proxy.get(`/v1/responses/${firstId}`)).json().output[0];
      const inputItems = (await proxy.get(`/v1/responses/${secondId}/input_items?order=asc`)).json().data;
      expect(inputItems.map((item: { type: string }) => item.type)).toEqual([
        "message",
        "message",
        "function_call",
        "function_call_output",
      ]);
      expect(inputItems[1]).toEqual(firstMessage);
      const second = upstream.requests.at(-1)!.json();
      expect(second.messages).toEqual([
        { role: "user", content: [{ type: "text", text: "What's the weather in Paris?" }] },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Let me check." },
            { type: "tool_use", id: "toolu_01A09q90qw90lq917835lq9", name: "weather", input: { location: "Paris" } },
          ],
        },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: "toolu_01A09q90qw90lq917835lq9",
              content: JSON.stringify({ location: "Paris", forecast: "Sunny, 22 degrees" }),
            },
          ],
        },
      ]);
    });

    it("generateText and streamText passed through to OpenAI", async () => {
      upstream.on("POST /v1/responses", respond(200, fixture("openai/responses-text.json")));
      expect((await runAiSdk({ baseURL: baseURL(), model: "gpt-4.1-nano", scenario: "generateText" })).text).toBe("1, 2, 3");
      upstream.on("POST /v1/responses", replaySse(fixture("openai/responses-text.sse")));
      expect((await runAiSdk({ baseURL: baseURL(), model: "gpt-4.1-nano", scenario: "streamText" })).text).toBe("1, 2, 3");
    });
  },
);
