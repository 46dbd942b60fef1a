import type { IncomingMessage } from "node:http";
import { ProxyError } from "../errors.js";
import { refuseBody } from "./refused-body.js";

/**
 * Reads the whole request body, refusing it as soon as it passes `limit` bytes: a declared
 * Content-Length over the limit is refused before a byte is read, a chunked body the moment it
 * crosses the limit. What a refused body still sends is drained, within bounds (refused-body.ts).
 */
export function readRequestBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(refuseBody(req, limit));

  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (part: Buffer) => {
      size += part.length;
      if (size > limit) {
        cleanup();
        reject(refuseBody(req, limit));
        return;
      }
      parts.push(part);
    };
    const onEnd = () => {
      cleanup();
      resolve(parts.length === 1 ? parts[0]! : Buffer.concat(parts, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new ProxyError(400, "The request body ended early.", { code: "incomplete_body" }));
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onError);
    req.once("close", onClose);
  });
}

/** Parses a JSON request body with OpenAI's wording for the failure. */
export function parseJsonBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new ProxyError(
      400,
      "We could not parse the JSON body of your request. The API expects a JSON payload, but what was sent was not valid JSON.",
      { type: "invalid_request_error" },
    );
  }
}
