import type { UpstreamEvent } from "../providers/types.js";

/** Incremental newline-delimited JSON splitter (Ollama's stream format); blank lines are skipped. */
export class NdjsonParser {
  private pending = "";
  private readonly onEvent: (event: UpstreamEvent) => void;

  constructor(onEvent: (event: UpstreamEvent) => void) {
    this.onEvent = onEvent;
  }

  feed(text: string): void {
    const buffer = this.pending.length > 0 ? this.pending + text : text;
    let start = 0;
    let newline = buffer.indexOf("\n", start);
    while (newline !== -1) {
      this.line(buffer.slice(start, newline));
      start = newline + 1;
      newline = buffer.indexOf("\n", start);
    }
    this.pending = start === 0 ? buffer : buffer.slice(start);
  }

  end(): void {
    if (this.pending.length > 0) this.line(this.pending);
    this.pending = "";
  }

  private line(raw: string): void {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim().length === 0) return;
    this.onEvent({ event: undefined, data: line });
  }
}
