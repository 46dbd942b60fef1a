import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fixture, testData } from "./files.js";
import { sseData, sseEvents } from "./sse.js";

/**
 * A fault-injecting upstream: a real HTTP server that answers like OpenAI, Anthropic or Gemini
 * with their recorded answers (test/fixtures), except when told to fail, in one of the ways
 * upstreams fail: a status (429 with Retry-After, 5xx, Anthropic's 529), a connection reset or a
 * stall before the headers, a stream cut or garbled before its first content or after it, a slow
 * drip. Faults are taken from a script, one per request, or drawn at a rate.
 */

export type Flavour = "openai" | "anthropic" | "gemini";

export type Fault =
  | { kind: "ok" }
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: string }
  | { kind: "reset" }
  | { kind: "stall" }
  | { kind: "cut-before-content" }
  | { kind: "cut-mid-stream" }
  | { kind: "malformed-before-content" }
  | { kind: "malformed-mid-stream" }
  | { kind: "drip"; gapMs: number }
  | { kind: "latency"; ms: number };

export const fault = {
  ok: { kind: "ok" } as Fault,
  status: (status: number, headers: Record<string, string> = {}, body?: string): Fault => ({ kind: "status", status, headers, body }),
  reset: { kind: "reset" } as Fault,
  stall: { kind: "stall" } as Fault,
  cutBeforeContent: { kind: "cut-before-content" } as Fault,
  cutMidStream: { kind: "cut-mid-stream" } as Fault,
  malformedBeforeContent: { kind: "malformed-before-content" } as Fault,
  malformedMidStream: { kind: "malformed-mid-stream" } as Fault,
  drip: (gapMs: number): Fault => ({ kind: "drip", gapMs }),
  /** Answers normally, after `ms`. */
  latency: (ms: number): Fault => ({ kind: "latency", ms }),
};

/** Faults a proxy can hide from its client: every one that strikes before the first content. */
export const HIDEABLE_FAULTS: readonly Fault[] = [
  fault.status(429, { "retry-after-ms": "5" }),
  fault.status(500),
  fault.status(503),
  fault.status(529),
  fault.reset,
  fault.stall,
  fault.cutBeforeContent,
  fault.malformedBeforeContent,
];

export interface ChaosRequest {
  path: string;
  body: any;
  stream: boolean;
  fault: Fault;
  /** The caller left before the answer was complete. */
  aborted: boolean;
}

export interface ChaosUpstream {
  url: string;
  flavour: Flavour;
  requests: ChaosRequest[];
  /** The next requests' faults, in order (replacing any left from before); requests after them are answered normally. */
  script(...faults: Fault[]): void;
  /** From now on, each request fails with probability `rate`, with a fault picked from `faults`. */
  failAt(rate: number, faults: readonly Fault[], random: () => number): void;
  /** The text a client reads from this upstream's recorded answer. */
  readonly text: string;
  close(): Promise<void>;
}

interface Recording {
  /** The recorded stream, one SSE event (bytes) per entry. */
  events: string[];
  /** Index of the first event that carries generated content. */
  firstContent: number;
  /** A whole JSON answer. */
  json: string;
  text: string;
  /** A garbled event, as an upstream that breaks mid-write would send. */
  garbled: string;
  /** An error body in the provider's format. */
  errorBody(status: number): string;
}

const RECORDINGS: Record<Flavour, () => Recording> = {
  openai: () => {
    const raw = fixture("openai/text.sse");
    const events = sseEvents(raw);
    const text = sseData(raw)
      .filter((data) => data !== "[DONE]")
      .map((data) => JSON.parse(data).choices[0]?.delta?.content ?? "")
      .join("");
    return {
      events,
      firstContent: 1,
      json: testData("openai-chat-completion.json"),
      text,
      garbled: 'data: {"id":"chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL","choices":[{"index":0,"delta":{"content":"tru\n\n',
      errorBody: (status) =>
        status === 429
          ? fixture("errors/openai-rate-limit-429.json")
          : JSON.stringify({
              error: { message: "The server had an error while processing your request.", type: "server_error", param: null, code: null },
            }),
    };
  },
  anthropic: () => {
    const events = sseEvents(fixture("anthropic/text.sse"));
    const message = {
      id: "msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK",
      type: "message",
      role: "assistant",
      model: "claude-opus-4-8",
      content: [{ type: "text", text: "Hello there!" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 11, output_tokens: 6 },
    };
    return {
      events,
      firstContent: 3,
      json: JSON.stringify(message),
      text: "Hello there!",
      garbled: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_del\n\n',
      errorBody: (status) =>
        status === 429
          ? fixture("errors/anthropic-rate-limit-429.json")
          : JSON.stringify({
              type: "error",
              error:
                status === 529
                  ? { type: "overloaded_error", message: "Overloaded" }
                  : { type: "api_error", message: "Internal server error" },
            }),
    };
  },
  gemini: () => {
    const stream = JSON.parse(fixture("gemini/stream-max-tokens.recording.json")).interactions[0].response.bodySegments as any[];
    const whole = JSON.parse(fixture("gemini/text.recording.json")).interactions[0].response.bodySegments[0];
    return {
      // Google separates SSE events with CRLF CRLF.
      events: stream.map((segment) => `data: ${JSON.stringify(segment)}\r\n\r\n`),
      firstContent: 0,
      json: JSON.stringify(whole),
      text: stream.map((segment) => segment.candidates[0].content.parts[0].text).join(""),
      garbled: 'data: {"candidates": [{"content": {"parts": [{"text": " sky\r\n\r\n',
      errorBody: (status) =>
        status === 429
          ? fixture("errors/gemini-quota-429.json")
          : JSON.stringify({ error: { code: status, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE" } }),
    };
  },
};

const STREAM_TYPE: Record<Flavour, string> = {
  openai: "text/event-stream; charset=utf-8",
  anthropic: "text/event-stream; charset=utf-8",
  gemini: "text/event-stream",
};

export async function startChaosUpstream(flavour: Flavour): Promise<ChaosUpstream> {
  const recording = RECORDINGS[flavour]();
  const scripted: Fault[] = [];
  let drawn: { rate: number; faults: readonly Fault[]; random: () => number } | undefined;
  const requests: ChaosRequest[] = [];

  const nextFault = (): Fault => {
    const next = scripted.shift();
    if (next) return next;
    if (drawn && drawn.random() < drawn.rate) return drawn.faults[Math.floor(drawn.random() * drawn.faults.length)]!;
    return fault.ok;
  };

  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const path = (req.url ?? "").split("?")[0]!;
      const text = Buffer.concat(parts).toString("utf8");
      const body = text ? JSON.parse(text) : undefined;
      const stream = flavour === "gemini" ? path.endsWith(":streamGenerateContent") : body?.stream === true;
      const recorded: ChaosRequest = { path, body, stream, fault: nextFault(), aborted: false };
      requests.push(recorded);
      res.on("close", () => {
        if (!res.writableFinished) recorded.aborted = true;
      });
      void answer(recorded, req, res).catch(() => res.destroy());
    });
  });

  async function answer({ fault: chosen, stream }: ChaosRequest, req: IncomingMessage, res: ServerResponse): Promise<void> {
    switch (chosen.kind) {
      case "status": {
        res.writeHead(chosen.status, { "content-type": "application/json", ...chosen.headers });
        res.end(chosen.body ?? recording.errorBody(chosen.status));
        return;
      }
      case "reset":
        req.socket.destroy();
        return;
      case "stall":
        return;
      case "latency":
        await pause(chosen.ms);
        break;
    }
    if (!stream) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(recording.json);
      return;
    }
    const { events, firstContent } = recording;
    let cutAt = events.length;
    let garbleAt = -1;
    if (chosen.kind === "cut-before-content") cutAt = firstContent;
    else if (chosen.kind === "cut-mid-stream") cutAt = firstContent + 2;
    else if (chosen.kind === "malformed-before-content") garbleAt = firstContent;
    else if (chosen.kind === "malformed-mid-stream") garbleAt = firstContent + 2;
    const gapMs = chosen.kind === "drip" ? chosen.gapMs : 1;
    res.writeHead(200, { "content-type": STREAM_TYPE[flavour] });
    for (let index = 0; index < events.length; index++) {
      if (res.destroyed) return;
      if (index === cutAt) {
        // Flush what was written, then drop the connection without ending the chunked body.
        await pause(5);
        req.socket.destroy();
        return;
      }
      res.write(index === garbleAt ? recording.garbled : events[index]);
      await pause(gapMs);
    }
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    flavour,
    requests,
    text: recording.text,
    script: (...faults) => void scripted.splice(0, scripted.length, ...faults),
    failAt: (rate, faults, random) => void (drawn = { rate, faults, random }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A seeded generator (mulberry32), so a chaos run draws the same faults every time. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
