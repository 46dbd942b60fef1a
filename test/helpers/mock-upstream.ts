import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { useStarted } from "./use-started.js";

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

/** A mock upstream for the enclosing file or describe block (see useStarted). */
export function useMockUpstream(routes: Record<string, MockHandler> = {}): MockUpstream {
  return useStarted(() => startMockUpstream(routes));
}
