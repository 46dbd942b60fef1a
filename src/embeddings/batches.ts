import { mapLimited } from "../lib/map-limited.js";
import { withCredentials } from "../pipeline/credentials.js";
import type { Attempt } from "../pipeline/types.js";
import type { TranslatedEmbeddings, TranslationContext } from "../providers/types.js";
import { Cancellation } from "../upstream/cancellation.js";
import { readText } from "../upstream/client.js";
import { recoveryForStatus } from "../upstream/recovery.js";
import { inputList } from "./inputs.js";
import type { EmbeddingsRequest } from "./types.js";

/** Batch calls of one request under way at once: quick for 2048 inputs, gentle on an upstream's rate limit. */
const CONCURRENT_BATCHES = 4;

/**
 * The request of each upstream call: the request itself, or, for an upstream that takes at most
 * `maxInputs` per call, one request per batch of that many inputs, in order.
 */
export function splitRequest(request: EmbeddingsRequest, maxInputs: number | undefined): EmbeddingsRequest[] {
  if (maxInputs === undefined || typeof request.input === "string") return [request];
  const inputs = inputList(request.input);
  if (inputs.length <= maxInputs) return [request];
  const batches: EmbeddingsRequest[] = [];
  for (let start = 0; start < inputs.length; start += maxInputs) {
    batches.push({ ...request, input: inputs.slice(start, start + maxInputs) as string[] | number[][] });
  }
  return batches;
}

/** The translation context of one batch's call. */
export function batchContext(
  ctx: TranslationContext<EmbeddingsRequest>,
  request: EmbeddingsRequest,
): TranslationContext<EmbeddingsRequest> {
  return request === ctx.request ? ctx : { ...ctx, request };
}

/**
 * The calls of a split request after its first (which the attempt sent), a few at a time, with
 * the same credentials, timeouts and error handling as the attempt's own call. The first failure
 * stops them all: it is the attempt's failure, retried or fallen back like any other.
 */
export class BatchCalls {
  /** Cancelled when the client leaves or when one batch fails: stops every batch call under way. */
  private readonly cancellation = new Cancellation();
  private readonly onClientGone: () => void;
  readonly answers: Promise<TranslatedEmbeddings[]>;

  constructor(
    private readonly attempt: Attempt<EmbeddingsRequest>,
    requests: readonly EmbeddingsRequest[],
  ) {
    const client = attempt.exchange.cancellation;
    this.onClientGone = () => this.cancellation.cancel(client.reason);
    if (client.aborted) this.onClientGone();
    else client.once("abort", this.onClientGone);
    this.answers = mapLimited(requests, CONCURRENT_BATCHES, (request) => this.send(request));
    // Observed here; the caller awaits it (or abandons it when the first batch failed).
    this.answers.catch(() => {});
  }

  /** Stops the batch calls still under way (the request failed elsewhere). */
  abandon(reason: unknown): void {
    this.cancellation.cancel(reason);
  }

  /** Must be called once the request is done with the batches. */
  finish(): void {
    this.attempt.exchange.cancellation.off("abort", this.onClientGone);
  }

  private async send(request: EmbeddingsRequest): Promise<TranslatedEmbeddings> {
    const { exchange, adapter, candidate, ctx } = this.attempt;
    const { provider } = candidate.target;
    const batch = batchContext(ctx, request);
    const call = withCredentials(adapter.embeddings!.buildRequest(batch), provider, adapter.auth);
    try {
      const upstream = await exchange.app.upstream.send(call, provider.timeouts, this.cancellation);
      const body = await readText(upstream.body);
      if (upstream.status < 200 || upstream.status >= 300) {
        exchange.outcome.upstreamError = true;
        throw adapter.parseError(upstream.status, body, upstream.headers).withRecovery(recoveryForStatus(upstream.status));
      }
      return adapter.embeddings!.parseResponse(body, batch);
    } catch (error) {
      this.cancellation.cancel(error);
      throw error;
    }
  }
}
