import type { ServerResponse } from "node:http";
import type { ProxyError } from "../errors.js";
import { endWhenBodyArrived } from "./refused-body.js";

export const JSON_CONTENT_TYPE = "application/json";

/** A JSON answer; `body` may be the upstream's own bytes, relayed without decoding and encoding them again. */
export function sendJson(res: ServerResponse, status: number, body: string | Buffer, headers?: Record<string, string>): void {
  writeJsonHead(res, status, body, headers);
  res.end(body);
}

/**
 * Writes an error answer, with `extra` headers of the request's own. A refused body (413) is
 * answered at once, but the answer ends, and the connection closes, only once the body has
 * arrived (see refused-body.ts).
 */
export function sendError(res: ServerResponse, error: ProxyError, extra?: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(error.toBody());
  const headers = extra ? { ...extra, ...error.headers } : error.headers;
  if (error.status !== 413) {
    sendJson(res, error.status, text, headers);
    return;
  }
  writeJsonHead(res, error.status, text, { ...headers, connection: "close" });
  res.write(text);
  endWhenBodyArrived(res);
}

function writeJsonHead(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> | undefined): void {
  if (headers) for (const name in headers) res.setHeader(name, headers[name]!);
  res.writeHead(status, { "content-type": JSON_CONTENT_TYPE, "content-length": Buffer.byteLength(body) });
}
