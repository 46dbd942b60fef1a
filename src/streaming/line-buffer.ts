/** Splits text that arrives in arbitrary pieces into "\n"-terminated lines, keeping a partial last line. */
export class LineBuffer {
  private pending = "";

  /** Calls `onLine` for every line completed by `text` (without its "\n"). */
  push(text: string, onLine: (line: string) => void): void {
    const buffer = this.pending.length > 0 ? this.pending + text : text;
    let start = 0;
    let newline = buffer.indexOf("\n", start);
    while (newline !== -1) {
      onLine(buffer.slice(start, newline));
      start = newline + 1;
      newline = buffer.indexOf("\n", start);
    }
    this.pending = start === 0 ? buffer : buffer.slice(start);
  }

  /** The input ended: a last line without its "\n" still counts. */
  flush(onLine: (line: string) => void): void {
    if (this.pending.length > 0) onLine(this.pending);
    this.pending = "";
  }
}
