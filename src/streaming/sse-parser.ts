import type { UpstreamEvent } from "../providers/types.js";
import { LineBuffer } from "./line-buffer.js";

/**
 * Incremental parser for text/event-stream (WHATWG HTML §9.2), fed decoded text as it arrives.
 * Lines may end in LF, CRLF or CR (Gemini sends CRLF), an event ends at a blank line, multi-line
 * `data:` fields join with "\n", comments (`:`) are skipped. At the end of input, an event that
 * lacks its closing blank line is still delivered: some servers end on the last `data:` line.
 */
export class SseParser {
  private readonly lines = new LineBuffer();
  private pendingCR = false;
  private data: string | undefined;
  private eventName: string | undefined;
  private readonly onEvent: (event: UpstreamEvent) => void;

  constructor(onEvent: (event: UpstreamEvent) => void) {
    this.onEvent = onEvent;
  }

  feed(text: string): void {
    if (this.pendingCR) {
      text = "\r" + text;
      this.pendingCR = false;
    }
    // A CR at the very end may be the first half of a CRLF: decide when the next text arrives.
    if (text.endsWith("\r")) {
      this.pendingCR = true;
      text = text.slice(0, -1);
    }
    if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
    this.lines.push(text, this.line);
  }

  end(): void {
    if (this.pendingCR) {
      this.pendingCR = false;
      this.feed("\n");
    }
    this.lines.flush(this.line);
    this.line("");
  }

  private readonly line = (line: string): void => {
    if (line.length === 0) {
      if (this.data !== undefined) {
        const event = { event: this.eventName, data: this.data };
        this.data = undefined;
        this.eventName = undefined;
        this.onEvent(event);
      } else {
        this.eventName = undefined;
      }
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* space */) value = value.slice(1);
    if (field === "data") this.data = this.data === undefined ? value : this.data + "\n" + value;
    else if (field === "event") this.eventName = value;
  };
}
