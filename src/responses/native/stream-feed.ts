import { StringDecoder } from "node:string_decoder";
import { ProxyError } from "../../errors.js";
import type { ClientText, StreamFeed } from "../../pipeline/stream-relay.js";
import { incompleteStream, parseStreamEvent } from "../../providers/shared/upstream-json.js";
import type { UpstreamEvent } from "../../providers/types.js";
import { SseScanner } from "../../streaming/sse-scanner.js";
import { failureEvents } from "../events.js";
import type { Response } from "../types.js";

/** Events whose payload the proxy reads; every other event passes as bytes, unparsed. */
const TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed"]);

/**
 * A Responses API stream from an upstream that speaks it, relayed byte for byte: each upstream
 * read goes to the client as it came. Events are told apart by their `event:` name; only the
 * few the proxy needs are parsed — `response.created` (the response a failure event reports),
 * the terminal event (usage, the response to store) and `error`.
 *
 * The commit point is the first event that carries output: a `.delta` or a finished output item.
 * An `error` or `response.failed` before it fails the attempt (it may be retried: nothing was
 * sent). After it, the upstream's own failure events reach the client as they are, and are noted.
 */
export class NativeStreamFeed implements StreamFeed {
  /** The response as the stream last described it: `response.created`'s, then the terminal event's. */
  response: Response | undefined;
  /** The terminal event the stream ended with. */
  terminal: string | undefined;
  /** The upstream's own failure (an `error` or `response.failed` event), which the client sees as it came. */
  failure: ProxyError | undefined;
  /** Events seen, which is the next `sequence_number` (OpenAI counts from 0). */
  events = 0;
  private committed = false;
  private outputInRead = false;
  private readonly decoder = new StringDecoder("utf8");
  private readonly scanner = new SseScanner((event) => this.onEvent(event));

  /** `onFinished`: the stream's `response.completed` or `response.incomplete` was read, before its bytes are relayed. */
  constructor(
    private readonly out: ClientText,
    private readonly onFinished: (response: Response) => void = () => {},
  ) {}

  write(bytes: Buffer): void {
    this.outputInRead = false;
    this.scanner.write(bytes);
    this.relay(this.decoder.write(bytes));
  }

  end(): void {
    this.outputInRead = false;
    this.scanner.end();
    const rest = this.decoder.end();
    if (rest) this.relay(rest);
    if (this.failure && !this.committed) throw this.failure;
    if (!this.terminal && !this.failure) throw incompleteStream();
  }

  /**
   * The events that end the stream when the proxy fails it (a cut, a stall, a malformed event):
   * none when the upstream's own failure events already went out.
   */
  failureEvents(error: ProxyError): string {
    if (this.failure) return "";
    const response = { ...(this.response ?? ({} as Response)), status: "failed" as const };
    return failureEvents(error, response, () => this.events++);
  }

  /**
   * Relays one read as it came. A failure the upstream reports before anything was generated is
   * thrown once its `response.failed` (or the stream's end) is held, so the attempt may be
   * retried, and when it is the last the client sees the upstream's own failure events.
   */
  private relay(text: string): void {
    this.out.emit(text, this.outputInRead);
    if (this.outputInRead) this.committed = true;
    if (!this.committed && this.failure && this.terminal === "response.failed") throw this.failure;
  }

  private onEvent({ event, data }: UpstreamEvent): void {
    this.events++;
    const name = event ?? "";
    if (name.endsWith(".delta") || name === "response.output_item.done") {
      this.outputInRead = true;
      return;
    }
    if (name === "response.created") this.response = parseStreamEvent(data).response as Response;
    else if (TERMINAL.has(name)) {
      this.terminal = name;
      this.response = parseStreamEvent(data).response as Response;
      if (name === "response.failed") this.failure ??= failureOf(this.response?.error, 502);
      else if (this.response) this.onFinished(this.response);
    } else if (name === "error") {
      const payload = parseStreamEvent(data);
      this.failure ??= failureOf((payload.error as object | undefined) ?? payload, 502);
    }
  }
}

/** The rate and quota codes OpenAI puts in a failed response: the status the client would have had. */
const STATUS_BY_CODE: Record<string, number> = { rate_limit_exceeded: 429, insufficient_quota: 429, invalid_prompt: 400 };

/** An upstream's in-stream error (`{code, message, type?, param?}`) as a ProxyError. */
export function failureOf(error: unknown, fallbackStatus: number): ProxyError {
  const { code, message, type, param } = (error ?? {}) as { code?: unknown; message?: unknown; type?: unknown; param?: unknown };
  const codeText = typeof code === "string" ? code : null;
  const status = (codeText && STATUS_BY_CODE[codeText]) || fallbackStatus;
  return new ProxyError(status, typeof message === "string" ? message : "The upstream provider failed to generate the response.", {
    type: typeof type === "string" ? type : undefined,
    code: codeText,
    param: typeof param === "string" ? param : null,
  });
}
