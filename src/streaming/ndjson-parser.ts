import type { UpstreamEvent } from "../providers/types.js";
import { LineBuffer } from "./line-buffer.js";

/** Incremental newline-delimited JSON splitter (Ollama's stream format); blank lines are skipped. */
export class NdjsonParser {
  private readonly lines = new LineBuffer();
  private readonly onEvent: (event: UpstreamEvent) => void;

  constructor(onEvent: (event: UpstreamEvent) => void) {
    this.onEvent = onEvent;
  }

  feed(text: string): void {
    this.lines.push(text, this.line);
  }

  end(): void {
    this.lines.flush(this.line);
  }

  private readonly line = (raw: string): void => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim().length === 0) return;
    this.onEvent({ event: undefined, data: line });
  };
}
