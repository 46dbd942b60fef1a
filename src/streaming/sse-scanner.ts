import { ProxyError } from "../errors.js";
import type { UpstreamEvent } from "../providers/types.js";

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
/** U+FEFF in UTF-8, read as latin1: one character per byte. */
const BYTE_ORDER_MARK = "\xef\xbb\xbf";
/** `data: ` */
const DATA_FIELD = [100, 97, 116, 97, 58, 32] as const;

/** An event (or a line) this long is not a stream any upstream sends: it is refused, not buffered without end. */
export const MAX_EVENT_BYTES = 64 * 1024 * 1024;

/** Events that may leave as the bytes they arrived in, unparsed (see SseScanner). */
export interface SseBypass {
  /** Whether the event whose `data:` payload is `bytes[start, end)` may pass as it is. */
  accepts(bytes: Buffer, start: number, end: number): boolean;
  /** Consecutive accepted events, each exactly `data: …\n\n`, in the order they came. */
  pass(events: Buffer): void;
}

/**
 * Incremental parser for text/event-stream (WHATWG HTML §9.2) that works on the bytes as they
 * arrive: lines may end in LF, CRLF or CR (Gemini sends CRLF), an event ends at a blank line,
 * multi-line `data:` fields join with "\n", comments (`:`) and unknown fields are skipped, and a
 * leading byte order mark is ignored. At the end of input, an event that lacks its closing blank
 * line is still delivered: some servers end on the last `data:` line.
 *
 * Only the field values of the events it delivers are decoded. With a `bypass`, an event framed
 * exactly `data: PAYLOAD\n\n` whose payload the bypass accepts is not decoded at all: it goes to
 * `bypass.pass` as a slice of the bytes read, runs of such events as one slice, in order with the
 * events delivered around them.
 */
export class SseScanner {
  private data: string | undefined;
  private eventName: string | undefined;
  /** The start of an unfinished line, kept until the bytes that finish it arrive. */
  private carried: Buffer[] = [];
  private carriedBytes = 0;
  /** Past the first bytes, where a byte order mark may stand. */
  private started = false;

  constructor(
    private readonly onEvent: (event: UpstreamEvent) => void,
    private readonly bypass?: SseBypass,
  ) {}

  write(bytes: Buffer): void {
    let buffer = bytes;
    if (this.carriedBytes > 0) {
      this.carry(buffer);
      // Nothing can finish the carried line before a line break arrives.
      if (this.started && buffer.indexOf(LF) === -1 && buffer.indexOf(CR) === -1) return;
      buffer = this.takeCarried();
    }
    if (!this.started) {
      if (buffer.length < BYTE_ORDER_MARK.length && BYTE_ORDER_MARK.startsWith(buffer.toString("latin1"))) {
        this.carry(buffer);
        return;
      }
      this.started = true;
      if (buffer.toString("latin1", 0, BYTE_ORDER_MARK.length) === BYTE_ORDER_MARK) buffer = buffer.subarray(BYTE_ORDER_MARK.length);
    }
    const consumed = this.scan(buffer, false);
    if (consumed < buffer.length) this.carry(buffer.subarray(consumed));
  }

  /** The input ended: a last line without its line break still counts, and so does an event without its blank line. */
  end(): void {
    if (this.carriedBytes > 0) this.scan(this.takeCarried(), true);
    this.dispatch();
  }

  /** Handles every complete line of `buffer` (every line, when `final`); returns how many bytes it used. */
  private scan(buffer: Buffer, final: boolean): number {
    const length = buffer.length;
    const bypass = this.bypass;
    let position = 0;
    /** The next CR at or after `position` (length: none): CRs are rare, so they are looked for once, not per line. */
    let cr = nextByte(buffer, CR, 0);
    let runStart = -1;
    while (position < length) {
      if (cr < position) cr = nextByte(buffer, CR, position);
      if (bypass && this.data === undefined && this.eventName === undefined && startsWithData(buffer, position)) {
        const payload = position + DATA_FIELD.length;
        const lf = buffer.indexOf(LF, payload);
        // The blank line that would close it has not arrived yet: wait for it rather than decode the line.
        if (lf !== -1 && lf + 1 === length && !final) break;
        if (lf !== -1 && buffer[lf + 1] === LF && cr > lf && bypass.accepts(buffer, payload, lf)) {
          if (runStart === -1) runStart = position;
          position = lf + 2;
          continue;
        }
      }
      if (runStart !== -1) {
        bypass!.pass(buffer.subarray(runStart, position));
        runStart = -1;
      }
      const lf = buffer.indexOf(LF, position);
      let lineEnd: number;
      let next: number;
      if (cr < length && (lf === -1 || cr < lf)) {
        // A CR that ends the bytes read may be the first half of a CRLF: decide when more arrive.
        if (cr + 1 === length && !final) break;
        lineEnd = cr;
        next = buffer[cr + 1] === LF ? cr + 2 : cr + 1;
      } else if (lf !== -1) {
        lineEnd = lf;
        next = lf + 1;
      } else {
        if (!final) break;
        lineEnd = length;
        next = length;
      }
      this.line(buffer, position, lineEnd);
      position = next;
    }
    if (runStart !== -1) bypass!.pass(buffer.subarray(runStart, position));
    return position;
  }

  private line(buffer: Buffer, start: number, end: number): void {
    if (start === end) {
      this.dispatch();
      return;
    }
    if (buffer[start] === COLON) return;
    let colon = start;
    while (colon < end && buffer[colon] !== COLON) colon++;
    let valueStart = colon < end ? colon + 1 : end;
    if (valueStart < end && buffer[valueStart] === SPACE) valueStart++;
    const fieldLength = colon - start;
    if (fieldLength === 4 && isField(buffer, start, "data")) {
      const value = buffer.toString("utf8", valueStart, end);
      if (this.data === undefined) this.data = value;
      else {
        this.data = `${this.data}\n${value}`;
        if (this.data.length > MAX_EVENT_BYTES) throw eventTooLarge();
      }
    } else if (fieldLength === 5 && isField(buffer, start, "event")) {
      this.eventName = buffer.toString("utf8", valueStart, end);
    }
  }

  private dispatch(): void {
    const data = this.data;
    const event = this.eventName;
    this.data = undefined;
    this.eventName = undefined;
    if (data !== undefined) this.onEvent({ event, data });
  }

  private carry(bytes: Buffer): void {
    this.carried.push(bytes);
    this.carriedBytes += bytes.length;
    if (this.carriedBytes > MAX_EVENT_BYTES) throw eventTooLarge();
  }

  private takeCarried(): Buffer {
    const buffer = this.carried.length === 1 ? this.carried[0]! : Buffer.concat(this.carried, this.carriedBytes);
    this.carried = [];
    this.carriedBytes = 0;
    return buffer;
  }
}

function nextByte(buffer: Buffer, byte: number, from: number): number {
  const at = buffer.indexOf(byte, from);
  return at === -1 ? buffer.length : at;
}

function startsWithData(buffer: Buffer, at: number): boolean {
  return (
    buffer[at] === DATA_FIELD[0] &&
    buffer[at + 1] === DATA_FIELD[1] &&
    buffer[at + 2] === DATA_FIELD[2] &&
    buffer[at + 3] === DATA_FIELD[3] &&
    buffer[at + 4] === DATA_FIELD[4] &&
    buffer[at + 5] === DATA_FIELD[5]
  );
}

function isField(buffer: Buffer, start: number, name: string): boolean {
  for (let i = 0; i < name.length; i++) if (buffer[start + i] !== name.charCodeAt(i)) return false;
  return true;
}

function eventTooLarge(): ProxyError {
  return new ProxyError(502, `The upstream provider sent a stream event over ${MAX_EVENT_BYTES / 1024 / 1024} MiB.`, {
    type: "upstream_error",
    code: "upstream_event_too_large",
  });
}
