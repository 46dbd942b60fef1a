/**
 * The Vercel AI SDK's OpenAI provider as a client of the proxy, run by test/e2e/responses-ai-sdk.test.ts
 * in the Node 24 this folder's package ships (the SDK needs Node >= 22). `createOpenAI()`'s default
 * model speaks the Responses API. Reads {baseURL, model, scenario} as JSON from argv[2] and prints
 * what the SDK made of the answer as JSON on stdout.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, isStepCount, streamText, tool } from "ai";
import { z } from "zod";

const { baseURL, model, scenario } = JSON.parse(process.argv[2]);
const openai = createOpenAI({ baseURL, apiKey: "client-side-key" });

const weather = tool({
  description: "Weather in a place",
  inputSchema: z.object({ location: z.string() }),
  execute: async ({ location }) => ({ location, forecast: "Sunny, 22 degrees" }),
});

async function run() {
  switch (scenario) {
    case "generateText": {
      const result = await generateText({ model: openai(model), prompt: "Hello" });
      return { text: result.text, finishReason: result.finishReason, usage: result.usage, responseId: result.response.id };
    }
    case "streamText": {
      const result = streamText({ model: openai(model), prompt: "Hello" });
      let text = "";
      for await (const piece of result.textStream) text += piece;
      return { text, finishReason: await result.finishReason, usage: await result.usage };
    }
    case "tool": {
      const result = await generateText({
        model: openai(model),
        prompt: "What's the weather in Paris?",
        tools: { weather },
        stopWhen: isStepCount(3),
      });
      return {
        text: result.text,
        steps: result.steps.map((step) => ({
          finishReason: step.finishReason,
          toolCalls: step.toolCalls.map((call) => ({ toolName: call.toolName, input: call.input })),
          toolResults: step.toolResults.map((toolResult) => toolResult.output),
        })),
        responseIds: result.steps.map((step) => step.response.id),
      };
    }
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

run().then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (error) => {
    process.stderr.write(`${error?.stack ?? error}\n${JSON.stringify(error?.responseBody ?? error?.cause ?? "")}\n`);
    process.exit(1);
  },
);
