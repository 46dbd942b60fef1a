import { describe, expect, it } from "vitest";
import { fixture } from "../helpers/files.js";
import type { MockHandler } from "../helpers/mock-upstream.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";
import { sseData, sseEvents } from "../helpers/sse.js";

/**
 * The stream relay on the wire, whatever the upstream's framing: events cut anywhere across
 * reads, CRLF line endings, comments, data over several lines. The client always gets each chunk's
 * exact text, framed `data: …\n\n`, the usage chunk only when it asked for it, and `[DONE]`.
 */

const RECORDED = fixture("openai/text.sse");
const PAYLOADS = sseData(RECORDED);
const USAGE_EVENT = sseEvents(RECORDED).find((event) => event.includes('"usage":{'))!;

/** Writes `text` in pieces of `size` bytes, a few milliseconds apart, so they arrive as separate reads. */
function inPieces(text: string, size: number): MockHandler {
  return async (_request, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += size) {
      res.write(bytes.subarray(at, at + size));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    res.end();
  };
}

const { upstream, proxy } = useProxyAgainstMock(
  (url) => `
providers:
  openai: { type: openai, base_url: "${url}/v1", api_key: sk-test }
routes:
  - { match: "*", provider: openai }
`,
);

async function streamed(body: string | object, size = 1 << 20, withUsage = true): Promise<string> {
  upstream.on("POST /v1/chat/completions", inPieces(typeof body === "string" ? body : "", size));
  const answer = await proxy.post("/v1/chat/completions", {
    model: "gpt-4o",
    stream: true,
    ...(withUsage ? { stream_options: { include_usage: true } } : {}),
    messages: [{ role: "user", content: "hi" }],
  });
  expect(answer.status).toBe(200);
  return answer.text;
}

describe("stream relay framing", () => {
  it.each([13, 64, 333])("relays the recorded bytes exactly when the upstream's writes are %i bytes", async (size) => {
    expect(await streamed(RECORDED, size)).toBe(RECORDED);
  });

  it("holds the usage chunk back from a client that did not ask for it, with events cut across reads", async () => {
    expect(await streamed(RECORDED, 50, false)).toBe(RECORDED.replace(USAGE_EVENT, ""));
  });

  it("frames CRLF events as LF for the client, payloads unchanged", async () => {
    expect(await streamed(RECORDED.replaceAll("\n", "\r\n"), 41)).toBe(RECORDED);
  });

  it("drops comments, between events and inside them", async () => {
    const withComments = sseEvents(RECORDED)
      .map((event, index) => (index % 2 ? `: OPENROUTER PROCESSING\n\n${event}` : `: ping\n${event}`))
      .join("");
    expect(await streamed(withComments, 97)).toBe(RECORDED);
  });

  it("keeps an event sent over several data lines as several data lines", async () => {
    const [role, first, second, ...rest] = sseEvents(RECORDED);
    const split = (event: string) => event.replace(',"choices":', ',\ndata: "choices":');
    const upstreamText = [role, split(first!), split(second!), ...rest].join("");
    const text = await streamed(upstreamText, 29);
    expect(sseData(text)).toEqual(
      PAYLOADS.map((data, index) => (index === 1 || index === 2 ? data.replace(',"choices":', ',\n"choices":') : data)),
    );
    expect(
      sseData(text)
        .slice(1, 3)
        .map((data) => JSON.parse(data)),
    ).toEqual(PAYLOADS.slice(1, 3).map((data) => JSON.parse(data)));
  });
});
