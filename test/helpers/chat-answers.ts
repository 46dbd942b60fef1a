import type { ServerResponse } from "node:http";
import { type MockHandler, type MockUpstream, type RecordedRequest, useMockUpstream } from "./mock-upstream.js";
import { useTestProxy, type TestProxy } from "./proxy.js";

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** An OpenAI chat completion with the given usage, for the model the request named. */
export function completionBody(request: RecordedRequest, usage: Usage): string {
  const model = request.json().model as string;
  return JSON.stringify({
    id: "chatcmpl-access",
    object: "chat.completion",
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: "assistant", content: "Hello!", refusal: null }, logprobs: null, finish_reason: "stop" }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  });
}

/** Answers every chat request with a JSON completion (a stream when asked), after `delayMs`. */
export function chatAnswers(usage: Usage, delayMs = 0): MockHandler {
  return async (request, res) => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (request.json().stream === true) return streamAnswer(request, res, usage);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(completionBody(request, usage));
  };
}

function streamAnswer(request: RecordedRequest, res: ServerResponse, usage: Usage): void {
  const model = request.json().model as string;
  const chunk = (fields: object) =>
    `data: ${JSON.stringify({ id: "chatcmpl-access", object: "chat.completion.chunk", created: 1_700_000_000, model, ...fields })}\n\n`;
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.write(chunk({ choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] }));
  res.write(chunk({ choices: [{ index: 0, delta: { content: "Hello!" }, finish_reason: null }] }));
  res.write(chunk({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }));
  res.write(chunk({ choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } }));
  res.end("data: [DONE]\n\n");
}

/** The config's `openai` provider on a mock upstream, with every model routed to it. */
export function mockProviderConfig(upstreamUrl: string): string {
  return `
providers:
  openai: { type: openai, base_url: "${upstreamUrl}/v1", api_key: sk-upstream }
routes:
  - { match: "*", provider: openai }
`;
}

/**
 * For a describe block: a mock upstream answering every chat with `usage` (after `delayMs`), and
 * the proxy with the mock provider plus `config`. The fields are set before the block's tests run.
 */
export function useChatProxy(config: string, usage: Usage, delayMs = 0): { upstream: MockUpstream; proxy: TestProxy } {
  const upstream = useMockUpstream({ "POST /v1/chat/completions": chatAnswers(usage, delayMs) });
  const proxy = useTestProxy(() => mockProviderConfig(upstream.url) + config);
  return { upstream, proxy };
}
