import type { ServerResponse } from "node:http";
import type { ProxyError } from "../errors.js";

export const JSON_CONTENT_TYPE = "application/json";

export function sendJson(res: ServerResponse, status: number, text: string, headers?: Record<string, string>): void {
  if (headers) for (const name in headers) res.setHeader(name, headers[name]!);
  res.writeHead(status, { "content-type": JSON_CONTENT_TYPE, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Writes an error answer, with `extra` headers of the request's own. A refused body (413) also closes the connection instead of draining it. */
export function sendError(res: ServerResponse, error: ProxyError, extra?: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...extra, ...error.headers };
  if (error.status === 413) headers.connection = "close";
  sendJson(res, error.status, JSON.stringify(error.toBody()), headers);
}
