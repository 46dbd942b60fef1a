import type { Readable } from "node:stream";
import { ProxyError } from "../errors.js";
import { streamFailure } from "../pipeline/stream-relay.js";
import { LineBuffer } from "../streaming/line-buffer.js";

/**
 * Ollama's `/api/pull` progress (one JSON object a line: `{"status","digest","total","completed"}`,
 * ending with `{"status":"success"}`) relayed to the admin client line by line, each line's bytes as
 * Ollama wrote them, as it arrives, at the pace the client reads. A failure on the way (an `error`
 * line, a cut, a pull that ends without success) becomes one last line in OpenAI's error shape,
 * `{"error":{…}}`. The client leaving stops the pull upstream (Ollama resumes it next time).
 */
export function pullProgress(body: Readable, onSuccess: () => void, redact: (error: ProxyError) => ProxyError): ReadableStream<Uint8Array> {
  const lines = new LineBuffer();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let succeeded = false;
  let finished = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const finish = (failure?: ProxyError) => {
        if (finished) return;
        finished = true;
        body.destroy();
        if (failure) controller.enqueue(encoder.encode(`${JSON.stringify(redact(failure).toBody())}\n`));
        controller.close();
        if (succeeded) onSuccess();
      };
      const line = (text: string) => {
        if (finished || text.trim() === "") return;
        const report = parseLine(text);
        if (!report) return finish(new ProxyError(502, "Ollama sent a progress line that is not JSON.", { type: "upstream_error" }));
        if (typeof report.error === "string") return finish(new ProxyError(502, `Ollama: ${report.error}`, { type: "upstream_error" }));
        if (report.status === "success") succeeded = true;
        controller.enqueue(encoder.encode(`${text}\n`));
        if ((controller.desiredSize ?? 1) <= 0) body.pause();
      };
      body.on("data", (bytes: Uint8Array) => lines.push(decoder.decode(bytes, { stream: true }), line));
      body.once("end", () => {
        lines.push(decoder.decode(), line);
        lines.flush(line);
        finish(succeeded ? undefined : new ProxyError(502, "Ollama ended the pull before it succeeded.", { type: "upstream_error" }));
      });
      body.once("error", (error) => finish(streamFailure(error)));
    },
    pull() {
      body.resume();
    },
    cancel() {
      finished = true;
      body.destroy();
    },
  });
}

function parseLine(text: string): { status?: unknown; error?: unknown } | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
