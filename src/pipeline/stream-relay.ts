import type { ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { ProxyError, toProxyError, type Recovery } from "../errors.js";
import { discard } from "../upstream/discard.js";
import { recoveryForResponse } from "../upstream/recovery.js";

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  // Reverse proxies such as nginx buffer responses unless told not to.
  "x-accel-buffering": "no",
};

/** Where an endpoint's stream encoder puts the client's bytes. */
export interface ClientText {
  /** Text for the client, in order; `output`: it carries generated content (the first is the commit point). */
  emit(text: string, output: boolean): void;
  /** Upstream bytes for the client as they are, in order with the text; they carry generated content. */
  emitBytes(bytes: Buffer): void;
}

/** Upstream bytes in, client text out (through ClientText): an endpoint's parser, translator and encoder together. */
export interface StreamFeed {
  /** Throws ProxyError for an upstream error event or garbage. */
  write(bytes: Buffer): void;
  /** The upstream body ended: emits the stream's last events and its end marker; throws if the answer is incomplete. */
  end(): void;
}

export interface RelayOptions {
  body: Readable;
  /** The one event that ends a failed stream. */
  errorEvent(error: ProxyError): string;
  /** Applied to an error before the client sees it (e.g. to take a quoted API key out). */
  redact(error: ProxyError): ProxyError;
  /**
   * Given, a failure after the commit point is first offered here: resolves true when another
   * stream took over and ended the response (see retry.resume_streams), false to end it with the
   * error event as usual.
   */
  resume?(error: ProxyError): Promise<boolean>;
}

/** How a stream went before its commit point. */
export type EarlyResult = { committed: true } | { committed: false; error: ProxyError };

/** How a delivered stream ended. */
export interface StreamEnd {
  /** The error event sent, if the stream failed after its commit point. */
  error: ProxyError | undefined;
  clientGone: boolean;
  /** Another stream continued this one after it failed, and ended the response. */
  resumed: boolean;
}

/**
 * Relays one upstream stream to the client, in two phases. Until the commit point (the first
 * generated content, or a clean end) nothing is written: the client's text is held, so a failure
 * there can still be retried or fallen back without a trace. `untilCommit` resolves at that point,
 * with the body paused. `deliver` then writes the status line, the held text and everything after
 * it, one write per upstream read (events that arrived together leave together: text and passed
 * bytes in one corked write), with backpressure; a failure after the commit point becomes one
 * error event and the end of the stream.
 */
export class StreamRelay implements ClientText {
  /** performance.now() when the first generated content was emitted. */
  firstOutputAt: number | undefined;
  private readonly options: RelayOptions;
  private feed: StreamFeed | undefined;
  /** What the client has not been sent yet, in order: text (adjacent text joined) and passed bytes. */
  private pending: Array<string | Buffer> = [];
  private committed = false;
  /**
   * reading: before the commit point; committed: waiting for `deliver` (the body paused, though it
   * may still end or fail); delivering; resuming: failed, another stream may take over; settled:
   * nothing more will be written.
   */
  private phase: "reading" | "committed" | "delivering" | "resuming" | "settled" = "reading";
  /** The upstream ended cleanly (and the end marker is pending). */
  private ended = false;
  /** A failure seen while committed, before `deliver`: it is written as soon as the stream is. */
  private lateError: ProxyError | undefined;
  private res: ServerResponse | undefined;
  private onCommit: ((result: EarlyResult) => void) | undefined;
  private onEnd: ((end: StreamEnd) => void) | undefined;
  private readonly end: StreamEnd = { error: undefined, clientGone: false, resumed: false };
  /** While set, nothing more is written to the client (see holdTail). */
  private tailHold: Promise<void> | undefined;

  constructor(options: RelayOptions) {
    this.options = options;
  }

  emit(text: string, output: boolean): void {
    const pending = this.pending;
    const last = pending.length - 1;
    if (last >= 0 && typeof pending[last] === "string") pending[last] += text;
    else pending.push(text);
    if (output) this.noteOutput();
  }

  emitBytes(bytes: Buffer): void {
    this.pending.push(bytes);
    this.noteOutput();
  }

  private noteOutput(): void {
    if (this.committed) return;
    this.committed = true;
    this.firstOutputAt = performance.now();
  }

  /**
   * Writes nothing more to the client until `until` settles: the text emitted from now on, the end
   * of the stream included, waits for it. For what must be done before the client can see the
   * stream complete (a stored response, readable by every replica before its last event arrives).
   */
  holdTail(until: Promise<unknown>): void {
    const previous = this.tailHold;
    const hold: Promise<void> = Promise.all([previous, until]).then(
      () => this.releaseTail(hold),
      () => this.releaseTail(hold),
    );
    this.tailHold = hold;
  }

  private releaseTail(hold: Promise<void>): void {
    if (this.tailHold !== hold) return;
    this.tailHold = undefined;
    // An ended stream's finish waits on the hold too, and writes the rest with the end in one go.
    if (this.phase === "delivering" && !this.ended && this.flush()) this.options.body.resume();
  }

  /** Reads the upstream through `feed` (which emits into this relay) until the commit point; never rejects. */
  untilCommit(feed: StreamFeed): Promise<EarlyResult> {
    const { body } = this.options;
    this.feed = feed;
    return new Promise((resolve) => {
      this.onCommit = resolve;
      body.on("data", this.onData);
      body.once("end", this.onBodyEnd);
      body.once("error", this.onBodyError);
    });
  }

  /** Writes the stream to the client from its commit point on; resolves when it ended, failed, or the client left. */
  deliver(res: ServerResponse, headers: Record<string, string>): Promise<StreamEnd> {
    this.res = res;
    if (res.destroyed) {
      this.end.clientGone = true;
      discard(this.options.body);
      this.settle();
      return Promise.resolve(this.end);
    }
    // A stream that continues another (resume_streams) joins a response already under way.
    if (!res.headersSent) res.writeHead(200, { ...SSE_HEADERS, ...headers });
    this.phase = "delivering";
    return new Promise((resolve) => {
      this.onEnd = resolve;
      res.once("close", this.onClientClose);
      if (this.ended) this.finish(res, undefined, this.settle);
      else if (this.lateError) this.endWithFailure(this.lateError);
      else if (this.flush()) this.options.body.resume();
    });
  }

  private readonly onData = (bytes: Buffer): void => {
    try {
      this.feed!.write(bytes);
    } catch (error) {
      this.fail(toProxyError(error));
      return;
    }
    if (this.phase === "delivering") this.flush();
    else if (this.phase === "reading" && this.committed) {
      this.options.body.pause();
      this.commit({ committed: true });
    }
  };

  private readonly onBodyEnd = (): void => {
    try {
      this.feed!.end();
    } catch (error) {
      this.fail(toProxyError(error));
      return;
    }
    this.ended = true;
    this.detachBody();
    if (this.phase === "reading") this.commit({ committed: true });
    else if (this.phase === "delivering") this.finish(this.res!, undefined, this.settle);
  };

  private readonly onBodyError = (error: Error): void => this.fail(streamFailure(error));

  private readonly onClientClose = (): void => {
    if (this.phase === "settled") return;
    this.end.clientGone = true;
    discard(this.options.body);
    this.settle();
  };

  private fail(error: ProxyError): void {
    if (this.phase === "settled" || this.lateError) return;
    discard(this.options.body);
    this.detachBody();
    if (this.phase === "reading") {
      // Before the commit point a failure may be retried or fallen back: nothing of it reached the client.
      this.commit({ committed: false, error: error.withRecovery(earlyRecovery(error)) });
      this.phase = "settled";
      return;
    }
    if (this.phase === "committed") {
      this.lateError = error;
      return;
    }
    if (this.res!.destroyed) {
      this.end.clientGone = true;
      this.settle();
      return;
    }
    this.endWithFailure(error);
  }

  /** After the commit point: one error event and the end, unless another stream takes over. */
  private endWithFailure(error: ProxyError): void {
    const res = this.res!;
    const { resume } = this.options;
    // A stream whose tail is held has its answer whole: nothing is left to resume.
    if (!resume || this.tailHold) {
      this.end.error = this.options.redact(error);
      this.finish(res, this.options.errorEvent(this.end.error), this.settle);
      return;
    }
    if (this.pending.length > 0) this.writePending(res);
    this.phase = "resuming";
    const giveUp = () => {
      if (this.phase !== "resuming") return;
      this.end.error = this.options.redact(error);
      if (!res.destroyed) res.end(this.options.errorEvent(this.end.error));
      this.settle();
    };
    resume(error).then((resumed) => {
      if (!resumed) return giveUp();
      if (this.phase !== "resuming") return;
      this.end.resumed = true;
      this.settle();
    }, giveUp);
  }

  /** Writes what is pending; false when the client is not keeping up (the body is paused until it drains). */
  private flush(): boolean {
    const res = this.res!;
    // Held text waits; the body reads on, the little that follows a held tail joins it.
    if (this.pending.length === 0 || this.tailHold) return true;
    if (this.writePending(res)) return true;
    this.options.body.pause();
    res.once("drain", this.resumeBody);
    return false;
  }

  /** Writes what is pending, several pieces corked into one write; false when the response buffer is full. */
  private writePending(res: ServerResponse): boolean {
    const pieces = this.pending;
    this.pending = [];
    if (pieces.length === 1) return res.write(pieces[0]!);
    res.cork();
    let room = true;
    for (const piece of pieces) room = res.write(piece);
    res.uncork();
    return room;
  }

  /**
   * Ends `res` with what is pending, then `last`, once no hold is on the tail; `end` uncorks, so it
   * all leaves in one write. Then `done`.
   */
  private finish(res: ServerResponse, last?: string, done?: () => void): void {
    if (last !== undefined) this.emit(last, false);
    const hold = this.tailHold;
    if (hold) {
      void hold.then(() => this.finish(res, undefined, done));
      return;
    }
    this.writeEnd(res);
    done?.();
  }

  private writeEnd(res: ServerResponse): void {
    if (res.destroyed) return;
    const pieces = this.pending;
    this.pending = [];
    if (pieces.length > 1) res.cork();
    for (let i = 0; i < pieces.length - 1; i++) res.write(pieces[i]!);
    res.end(pieces.at(-1));
  }

  private readonly resumeBody = (): void => {
    if (this.phase === "delivering") this.options.body.resume();
  };

  private commit(result: EarlyResult): void {
    this.phase = "committed";
    const resolve = this.onCommit;
    this.onCommit = undefined;
    resolve?.(result);
  }

  private detachBody(): void {
    const { body } = this.options;
    body.off("data", this.onData);
    body.off("end", this.onBodyEnd);
    body.off("error", this.onBodyError);
  }

  private readonly settle = (): void => {
    this.phase = "settled";
    this.detachBody();
    this.res?.off("close", this.onClientClose);
    this.res?.off("drain", this.resumeBody);
    this.onEnd?.(this.end);
  };
}

/**
 * What a stream's failure before its commit point allows: a cut, a stall or garbage may be tried
 * again; an upstream's error event says so by its status and code, like an error answer would
 * (a 400 is the client's to fix; a spent quota needs another deployment).
 */
function earlyRecovery(error: ProxyError): Recovery {
  if (error.recovery !== "none") return error.recovery;
  return error.status >= 400 && error.status < 500 ? recoveryForResponse(error.status, {}, error.code) : "retry";
}

/** The upstream body failed (a cut connection, a stall), worded for the client. */
export function streamFailure(error: unknown): ProxyError {
  if (error instanceof ProxyError) return error;
  if ((error as { code?: string } | null)?.code === "UND_ERR_BODY_TIMEOUT") {
    return new ProxyError(504, "The upstream provider stopped sending data mid-stream.", {
      type: "timeout_error",
      code: "upstream_timeout",
    });
  }
  return new ProxyError(502, "The upstream connection failed mid-stream.", { type: "upstream_error", code: "upstream_stream_error" });
}
