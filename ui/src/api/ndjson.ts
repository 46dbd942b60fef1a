/**
 * The JSON values of an NDJSON body, each as soon as its line is complete, so a progress bar moves
 * with the stream instead of after it. A last line without its newline still counts; blank lines
 * are skipped.
 */
export async function* ndjsonValues(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      let newline = pending.indexOf("\n");
      while (newline !== -1) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line) yield JSON.parse(line);
        newline = pending.indexOf("\n");
      }
    }
    const last = (pending + decoder.decode()).trim();
    if (last) yield JSON.parse(last);
  } finally {
    reader.releaseLock();
  }
}
