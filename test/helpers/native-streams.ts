import type { MockHandler, ReplayOptions } from "./mock-upstream.js";
import { replaySse } from "./mock-upstream.js";
import { lines } from "./files.js";
import { toSse } from "./sse.js";

/**
 * Replays a `*.chunks.jsonl` recording (one SSE `data:` payload per line) as the SSE bytes the
 * API sent: each payload as an event, then `data: [DONE]`.
 */
export function replayJsonlAsSse(jsonl: string, options: ReplayOptions = {}): MockHandler {
  return replaySse(toSse([...lines(jsonl), "[DONE]"]), options);
}

/** Replays NDJSON lines as Ollama streams them: one line per write, `application/x-ndjson`. */
export function replayNdjson(ndjson: string, options: Pick<ReplayOptions, "cutAfter" | "gapMs" | "status"> = {}): MockHandler {
  return async (_request, res) => {
    res.writeHead(options.status ?? 200, { "content-type": "application/x-ndjson" });
    const all = lines(ndjson);
    for (let i = 0; i < all.length; i++) {
      if (options.cutAfter !== undefined && i === options.cutAfter) {
        res.socket?.destroy();
        return;
      }
      if (res.destroyed) return;
      res.write(`${all[i]}\n`);
      await new Promise((resolve) => setTimeout(resolve, options.gapMs ?? 2));
    }
    res.end();
  };
}
