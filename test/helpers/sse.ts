/**
 * Server-sent events as the tests read and write them: recordings replayed by the mock
 * upstreams, and the proxy's own output. Deliberately independent of src/streaming/: the tests
 * read what the proxy sends with a parser of their own.
 */

/** One event: its `event:` name (undefined when it has none) and its `data:` lines, joined. */
export interface SseEvent {
  event: string | undefined;
  data: string;
}

/** SSE text split into its events, each with its closing blank line, bytes unchanged. */
export function sseEvents(raw: string): string[] {
  const events: string[] = [];
  const pattern = /[\s\S]*?(?:\r\n\r\n|\n\n|\r\r)/g;
  let end = 0;
  for (const match of raw.matchAll(pattern)) {
    events.push(match[0]);
    end = match.index! + match[0].length;
  }
  if (end < raw.length) events.push(raw.slice(end));
  return events;
}

/**
 * The events of SSE text as a client reads them (WHATWG HTML §9.2): comments skipped, one
 * leading space stripped, multi-line data joined with "\n", an event without data not delivered.
 */
export function parseSse(raw: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const text of sseEvents(raw)) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of text.split(/\r\n|\r|\n/)) {
      const colon = line.indexOf(":");
      if (line.length === 0 || colon === 0) continue;
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (data.length > 0) events.push({ event, data: data.join("\n") });
  }
  return events;
}

/** The `data:` payloads of SSE text, `[DONE]` included. */
export function sseData(raw: string): string[] {
  return parseSse(raw).map((event) => event.data);
}

export interface FramingOptions {
  /** Add an `event:` line named after each payload's `type` (as Anthropic sends it). */
  eventLines?: boolean;
  /** The blank line that ends an event: `\n\n`, or `\r\n\r\n` as Google sends it. */
  separator?: "\n\n" | "\r\n\r\n";
}

/** Payloads framed as SSE text, byte for byte what a provider would write. */
export function toSse(payloads: string[], options: FramingOptions = {}): string {
  const newline = options.separator === "\r\n\r\n" ? "\r\n" : "\n";
  return payloads
    .map((data) => {
      const name = options.eventLines ? `event: ${(JSON.parse(data) as { type: string }).type}${newline}` : "";
      return `${name}data: ${data}${newline}${newline}`;
    })
    .join("");
}
