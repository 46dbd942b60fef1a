import { lines } from "./files.js";
import type { MockHandler } from "./mock-upstream.js";
import { sseEvents, toSse } from "./sse.js";

/** Answers with a fixed body and status. */
export function respond(status: number, body: string, contentType = "application/json", headers: Record<string, string> = {}): MockHandler {
  return (_request, res) => {
    res.writeHead(status, { "content-type": contentType, ...headers });
    res.end(body);
  };
}

/** Never answers (until the caller gives up). */
export function stall(): MockHandler {
  return () => new Promise<void>(() => {});
}

export interface ReplayOptions {
  status?: number;
  contentType?: string;
  /** Cut the connection (no clean end) after this many events. */
  cutAfter?: number;
  /** Milliseconds between events; real upstreams stream, they do not answer in one write. */
  gapMs?: number;
  /** Keep the stream open after writing (for abort tests). */
  hang?: boolean;
}

/** Replays recorded SSE bytes exactly, one event per write. */
export function replaySse(raw: string, options: ReplayOptions = {}): MockHandler {
  return replayPieces(sseEvents(raw), options.contentType ?? "text/event-stream; charset=utf-8", options);
}

/**
 * Replays a `*.chunks.jsonl` recording (one SSE `data:` payload per line) as the SSE bytes the
 * API sent: each payload as an event, then `data: [DONE]`.
 */
export function replayJsonlAsSse(jsonl: string, options: ReplayOptions = {}): MockHandler {
  return replaySse(toSse([...lines(jsonl), "[DONE]"]), options);
}

/** Replays NDJSON lines as Ollama streams them: one line per write, `application/x-ndjson`. */
export function replayNdjson(ndjson: string, options: Omit<ReplayOptions, "contentType"> = {}): MockHandler {
  return replayPieces(
    lines(ndjson).map((line) => `${line}\n`),
    "application/x-ndjson",
    options,
  );
}

function replayPieces(pieces: string[], contentType: string, options: ReplayOptions): MockHandler {
  return async (_request, res) => {
    res.writeHead(options.status ?? 200, { "content-type": contentType });
    for (let i = 0; i < pieces.length; i++) {
      if (options.cutAfter !== undefined && i === options.cutAfter) {
        res.socket?.destroy();
        return;
      }
      if (res.destroyed) return;
      res.write(pieces[i]);
      await new Promise((resolve) => setTimeout(resolve, options.gapMs ?? 2));
    }
    if (options.hang) return;
    res.end();
  };
}
