import { connect } from "node:net";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { testData } from "../helpers/files.js";
import { respond } from "../helpers/mock-answers.js";
import { expectCompletion } from "../helpers/openai-schema.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";

/**
 * Bodies over server.max_body_size: every client, however it sends its body and however large
 * it is, reads the 413 rather than a connection reset while it is still sending (which clients
 * that write their whole request before reading report as a connection error, and retry). A
 * client that sends far more than the limit, or for too long, is cut off.
 */

const TOO_LARGE = JSON.stringify({
  error: {
    message: "Request body too large: the limit is 4096 bytes.",
    type: "invalid_request_error",
    param: null,
    code: "request_too_large",
  },
});
const MiB = 1024 * 1024;
const CRLF = Buffer.from("\r\n");

const { upstream, proxy } = useProxyAgainstMock(
  (url) => `
server:
  max_body_size: 4kb
providers:
  openai:
    type: openai
    base_url: ${url}/v1
    api_key: sk-test-body-limit-0000
routes:
  - { match: "*", provider: openai }
`,
);

/** A chat request of `bytes` bytes. */
function chatRequest(bytes: number): string {
  const empty = JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "" }] });
  return JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "x".repeat(bytes - empty.length) }] });
}

/** What a client read: the status and body of the answer, or the error its connection ended with. */
interface Outcome {
  status?: number;
  body?: string;
  error?: string;
}

/**
 * POSTs `body`, its length declared or chunked, and reads the answer only once all of it is
 * sent, as many clients do: 64 KiB a write, each waited for and a millisecond apart, as a
 * network paces an upload (on loopback the kernel would otherwise take a few MB at once). An
 * error while sending fails it: over a network, the reset behind it also drops the part of the
 * answer still in flight, which loopback never shows.
 */
function sendWholeRequest(body: string, framing: "declared" | "chunked"): Promise<Outcome> {
  const bytes = Buffer.from(body);
  const framed = (piece: Buffer) =>
    framing === "chunked" ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, CRLF]) : piece;
  return new Promise((resolve) => {
    // Half-open, as a client's kernel is: the proxy closing its side does not stop the upload.
    const socket = connect({ port: proxy.port, host: "127.0.0.1", allowHalfOpen: true });
    const received: Buffer[] = [];
    let error: string | undefined;
    socket.on("data", (part: Buffer) => received.push(part));
    socket.on("error", (failure: NodeJS.ErrnoException) => (error ??= failure.code ?? failure.message));
    socket.on("close", () => resolve(error ? { error } : parseAnswer(Buffer.concat(received).toString("utf8"))));
    const send = (data: string | Buffer) =>
      new Promise<boolean>((sent) =>
        socket.write(data, (failure?: NodeJS.ErrnoException | null) => {
          if (failure) error ??= failure.code ?? failure.message;
          sent(!failure);
        }),
      );
    void (async () => {
      const length = framing === "declared" ? `content-length: ${bytes.length}` : "transfer-encoding: chunked";
      let sending = await send(
        `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n${length}\r\n\r\n`,
      );
      for (let offset = 0; sending && offset < bytes.length; offset += 64 * 1024) {
        sending = await send(framed(bytes.subarray(offset, offset + 64 * 1024)));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      if (sending && framing === "chunked") await send("0\r\n\r\n");
      // Only now does such a client read: the answer, up to the proxy closing the connection.
      if (sending) socket.end();
      else socket.destroy();
    })();
  });
}

/** An HTTP/1.1 answer with a content-length, as received whole. */
function parseAnswer(raw: string): Outcome {
  const [head = "", body = ""] = raw.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), body };
}

interface Cut {
  /** Bytes of body the connection took before it was cut. */
  sent: number;
  seconds: number;
  error: string | undefined;
  /** What the proxy sent back meanwhile. */
  received: string;
}

/** Declares a 1 GiB body and sends it, 64 KiB a write, `gapMs` apart, until the proxy cuts the connection. */
function sendUntilCut(gapMs: number): Promise<Cut> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ port: proxy.port, host: "127.0.0.1", allowHalfOpen: true });
    let received = "";
    let error: string | undefined;
    let sent = 0;
    socket.setEncoding("utf8");
    socket.on("data", (part: string) => (received += part));
    socket.on("error", (failure: NodeJS.ErrnoException) => (error ??= failure.code ?? failure.message));
    socket.on("close", () => resolve({ sent, seconds: (performance.now() - started) / 1000, error, received }));
    const piece = Buffer.alloc(64 * 1024, "x");
    const send = (data: string | Buffer) => new Promise<boolean>((done) => socket.write(data, (failure) => done(!failure)));
    void (async () => {
      let sending = await send(`POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: ${1024 * MiB}\r\n\r\n`);
      while (sending && sent < 1024 * MiB) {
        sending = await send(piece);
        if (sending) sent += piece.length;
        if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
      }
      socket.destroy();
    })();
  });
}

async function fetchUpload(body: string): Promise<Outcome> {
  try {
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
    return { error: cause?.code ?? String(error) };
  }
}

async function sdkUpload(body: string): Promise<Outcome> {
  const failure = await proxy.client.chat.completions.create(JSON.parse(body)).then(
    () => new Error("the upload was accepted"),
    (error: unknown) => error,
  );
  if (failure instanceof OpenAI.APIConnectionError) return { error: `${failure.constructor.name}: ${failure.cause}` };
  if (failure instanceof OpenAI.APIError) return { status: failure.status, body: JSON.stringify({ error: failure.error }) };
  return { error: String(failure) };
}

describe("request bodies over server.max_body_size", () => {
  it("answer every one of 40 uploads of 2 to 5 MB with the 413, whatever the client", async () => {
    const clients = [
      (body: string) => sendWholeRequest(body, "declared"),
      (body: string) => sendWholeRequest(body, "chunked"),
      fetchUpload,
      sdkUpload,
    ];
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 40; i++) outcomes.push(await clients[i % clients.length]!(chatRequest(2 * MiB + i * 75_000)));
    const missed = outcomes.filter((outcome) => outcome.status !== 413 || outcome.body !== TOO_LARGE || outcome.error !== undefined);
    expect(missed).toEqual([]);
  });

  it("cut off a client that goes on sending far past the limit, without keeping what it sent", async () => {
    // At this limit the proxy drains 8 MiB; the kernels' socket buffers take a few MB more.
    const cut = await sendUntilCut(0);
    expect(cut.error).toMatch(/ECONNRESET|EPIPE/);
    expect(cut.sent).toBeLessThan(32 * MiB);
    expect(cut.seconds).toBeLessThan(4);
  });

  it("cut off a client that sends too slowly, 5 s after the 413 it could read meanwhile", async () => {
    const cut = await sendUntilCut(100);
    expect(cut.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(cut.received.endsWith(`\r\n\r\n${TOO_LARGE}`)).toBe(true);
    expect(cut.error).toMatch(/ECONNRESET|EPIPE/);
    expect(cut.seconds).toBeGreaterThan(4.5);
    expect(cut.seconds).toBeLessThan(8);
  }, 15_000);

  it("keep the proxy serving afterwards", async () => {
    upstream.on("POST /v1/chat/completions", respond(200, testData("openai-chat-completion.json")));
    expectCompletion(await proxy.client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }));
    expect(await fetchUpload(chatRequest(1000))).toMatchObject({ status: 200 });
  });
});
