// A mock upstream for the benchmark: pre-built answers, no per-request work beyond reading the
// body. OpenAI's API: JSON, a ~1 KB completion; streaming, 64 content chunks, a finish chunk, a
// usage chunk and [DONE]. A `bench_gap_ms` body field (which gateways pass through like any
// unknown parameter) spaces the chunks out, for time-to-first-byte and long streams;
// `bench_stream_bytes` streams that many bytes of content chunks instead, as fast as the reader
// takes them. Embeddings: one 1,536-dimension vector, as floats (~30 KB) or, when asked, base64.
// Anthropic's Messages API (`/v1/messages`) and Gemini's streamGenerateContent answer the same 64
// words as streams in their own formats, shaped like the recordings in test/fixtures.
import { once } from "node:events";
import { createServer } from "node:http";

const port = Number(process.argv[2] ?? 0);
const created = 1732000000;
const words = "The quick brown fox jumps over the lazy dog while the proxy relays each token onward ".split(" ");

const completion = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created,
  model: "bench-model-2026-01-01",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: words.join(" ").repeat(9).slice(0, 760), refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: "stop",
    },
  ],
  usage: { prompt_tokens: 24, completion_tokens: 160, total_tokens: 184 },
  system_fingerprint: "fp_bench",
});

const chunk = (delta, finish = null) =>
  `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created, model: "bench-model-2026-01-01", system_fingerprint: "fp_bench", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
const events = [chunk({ role: "assistant", content: "", refusal: null })];
for (let i = 0; i < 64; i++) events.push(chunk({ content: ` ${words[i % words.length]}` }));
events.push(chunk({}, "stop"));
events.push(
  `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created, model: "bench-model-2026-01-01", choices: [], usage: { prompt_tokens: 24, completion_tokens: 64, total_tokens: 88 } })}\n\n`,
);
events.push("data: [DONE]\n\n");
const wholeStream = events.join("");

// A deterministic 1,536-dimension vector with the digits of real ones (float32 values).
const vector = Array.from({ length: 1536 }, (_, i) => Math.fround(Math.sin(i + 1) / 20));
const embeddingAnswer = (embedding) =>
  JSON.stringify({
    object: "list",
    data: [{ object: "embedding", index: 0, embedding }],
    model: "bench-embed",
    usage: { prompt_tokens: 8, total_tokens: 8 },
  });
const floatEmbedding = embeddingAnswer(vector);
const base64Embedding = embeddingAnswer(Buffer.from(Float32Array.from(vector).buffer).toString("base64"));

const anthropicEvent = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const anthropicStream = [
  anthropicEvent("message_start", {
    message: {
      id: "msg_bench",
      type: "message",
      role: "assistant",
      content: [],
      model: "claude-bench",
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 24, output_tokens: 1 },
    },
  }),
  anthropicEvent("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
  anthropicEvent("ping", {}),
  ...Array.from({ length: 64 }, (_, i) =>
    anthropicEvent("content_block_delta", { index: 0, delta: { type: "text_delta", text: ` ${words[i % words.length]}` } }),
  ),
  anthropicEvent("content_block_stop", { index: 0 }),
  anthropicEvent("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 64 } }),
  anthropicEvent("message_stop", {}),
].join("");

const geminiChunk = (text, last) =>
  `data: ${JSON.stringify({
    candidates: [{ content: { parts: [{ text }], role: "model" }, ...(last ? { finishReason: "STOP" } : {}) }],
    modelVersion: "gemini-bench",
    responseId: "bench",
    usageMetadata: last
      ? { promptTokenCount: 24, candidatesTokenCount: 64, totalTokenCount: 88 }
      : { promptTokenCount: 24, totalTokenCount: 24 },
  })}\r\n\r\n`;
const geminiStream = Array.from({ length: 64 }, (_, i) => geminiChunk(` ${words[i % words.length]}`, i === 63)).join("");

async function streamBytes(res, total) {
  const content = chunk({ content: " fox jumps over the lazy dog" });
  for (let sent = 0; sent < total && !res.destroyed; sent += content.length) {
    if (!res.write(content)) await once(res, "drain");
  }
  res.write(chunk({}, "stop"));
  res.end(events.at(-2) + events.at(-1));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const server = createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (part) => (body += part));
  req.on("end", async () => {
    if (req.url.endsWith("/embeddings")) {
      const answer = body.includes('"encoding_format":"base64"') ? base64Embedding : floatEmbedding;
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(answer) });
      res.end(answer);
      return;
    }
    if (req.url.startsWith("/v1/messages")) {
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8" });
      res.end(anthropicStream);
      return;
    }
    if (req.url.includes(":streamGenerateContent")) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(geminiStream);
      return;
    }
    if (!body.includes('"stream":true')) {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(completion) });
      res.end(completion);
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8" });
    const bytes = Number(/"bench_stream_bytes":(\d+)/.exec(body)?.[1] ?? 0);
    if (bytes) {
      await streamBytes(res, bytes);
      return;
    }
    const gap = Number(/"bench_gap_ms":(\d+)/.exec(body)?.[1] ?? 0);
    if (!gap) {
      res.end(wholeStream);
      return;
    }
    for (const event of events) {
      if (res.destroyed) return;
      res.write(event);
      await sleep(gap);
    }
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => process.stdout.write(`ready ${server.address().port}\n`));
