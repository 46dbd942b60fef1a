import type { Readable } from "node:stream";
import { type ProxyError, toProxyError } from "../errors.js";
import { streamFailure } from "../pipeline/stream-relay.js";
import type { StreamTranslator } from "../providers/types.js";
import { createEventFeed } from "../streaming/event-feed.js";
import { discard } from "../upstream/discard.js";
import { CompletionAssembler } from "./assemble.js";

/**
 * Reads a whole upstream stream into one completion, for a client that asked for JSON. Nothing
 * has reached the client while it runs, so every failure is one the attempt loop may retry.
 */
export function collectStream(body: Readable, format: "sse" | "ndjson", translator: StreamTranslator): Promise<CompletionAssembler> {
  const assembler = new CompletionAssembler();
  const feed = createEventFeed(format, translator, {
    chunk: (chunk) => assembler.add(chunk),
    relay: (text) => assembler.add(JSON.parse(text)),
  });
  return new Promise((resolve, reject) => {
    const fail = (error: ProxyError) => {
      discard(body);
      reject(error.withRecovery("retry"));
    };
    body.on("data", (bytes: Buffer) => {
      try {
        feed.write(bytes);
      } catch (error) {
        fail(toProxyError(error));
      }
    });
    body.once("end", () => {
      try {
        feed.end();
      } catch (error) {
        fail(toProxyError(error));
        return;
      }
      resolve(assembler);
    });
    body.once("error", (error) => fail(streamFailure(error)));
  });
}
