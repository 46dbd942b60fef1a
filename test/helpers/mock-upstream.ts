import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, "../fixtures");
export const TEST_DATA = join(here, "../data");

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), "utf8");
}

export function testData(path: string): string {
  return readFileSync(join(TEST_DATA, path), "utf8");
}

/** What the mock received: the exact request a provider would have seen. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** The caller went away before the response was complete. */
  aborted: boolean;
  json(): any;
}

export type MockHandler = (request: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface MockUpstream {
  url: string;
  requests: RecordedRequest[];
  /** Sets the handler for `METHOD /path` (query ignored). */
  on(route: string, handler: MockHandler): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that answers like a provider and records what it was sent. */
export async function startMockUpstream(routes: Record<string, MockHandler> = {}): Promise<MockUpstream> {
  const handlers = new Map(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const body = Buffer.concat(parts).toString("utf8");
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
        aborted: false,
        json: () => JSON.parse(body),
      };
      requests.push(recorded);
      res.on("close", () => {
        if (!res.writableFinished) recorded.aborted = true;
      });
      const path = (req.url ?? "").split("?")[0];
      const handler = handlers.get(`${req.method} ${path}`);
      if (!handler) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            error: { message: `mock: no route ${req.method} ${path}`, type: "invalid_request_error", param: null, code: null },
          }),
        );
        return;
      }
      Promise.resolve(handler(recorded, res)).catch((error) => {
        res.destroy(error as Error);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (route, handler) => void handlers.set(route, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

/** Splits raw SSE bytes into events, each with its own trailing blank line, bytes unchanged. */
export function sseEvents(raw: string): string[] {
  const events: string[] = [];
  const pattern = /[\s\S]*?(?:\r\n\r\n|\n\n|\r\r)/g;
  let end = 0;
  for (const match of raw.matchAll(pattern)) {
    events.push(match[0]);
    end = match.index! + match[0].length;
  }
  if (end < raw.length) events.push(raw.slice(end));
  return events;
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
  return async (_request, res) => {
    res.writeHead(options.status ?? 200, { "content-type": options.contentType ?? "text/event-stream; charset=utf-8" });
    const events = sseEvents(raw);
    for (let i = 0; i < events.length; i++) {
      if (options.cutAfter !== undefined && i === options.cutAfter) {
        res.socket?.destroy();
        return;
      }
      if (res.destroyed) return;
      res.write(events[i]);
      await (options.gapMs ? new Promise((resolve) => setTimeout(resolve, options.gapMs)) : tick());
    }
    if (options.hang) return;
    res.end();
  };
}

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

/** Polls until `check` passes or the time is up. */
export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
