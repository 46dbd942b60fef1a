import type { ImagesConfig } from "../config/schema.js";
import type { InlineImage } from "../providers/shared/data-url.js";
import type { Cancellation } from "../upstream/cancellation.js";
import { refused } from "./fetch-image.js";

/** Fetches one request may have under way at once; the rest wait their turn. */
const CONCURRENT_FETCHES = 4;

export type RawImageFetch = (url: string, param: string, abandon?: AbortSignal, maxBytes?: number) => Promise<InlineImage>;

/**
 * The image fetches of one request. Without a budget, a single 20 MB request could name
 * hundreds of thousands of image URLs and have the proxy download them all at once, and keep
 * downloading after answering 400: so a request gets at most `images.max_per_request` images and
 * `images.max_total_bytes` between them, fetched a few at a time, and every fetch still under way
 * is abandoned as soon as one fails or the client leaves.
 */
export class ImageBudget {
  private readonly abandon = new AbortController();
  private started = 0;
  private running = 0;
  private bytesLeft: number;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly fetchRaw: RawImageFetch,
    private readonly settings: Pick<ImagesConfig, "max_per_request" | "max_total_bytes">,
    cancellation: Cancellation,
  ) {
    this.bytesLeft = settings.max_total_bytes;
    if (cancellation.aborted) this.abandon.abort();
    else cancellation.once("abort", () => this.abandon.abort());
  }

  readonly fetch = async (url: string, param: string): Promise<InlineImage> => {
    if (++this.started > this.settings.max_per_request) {
      this.abandon.abort();
      throw refused(url, param, `the request has more than ${this.settings.max_per_request} image URLs (images.max_per_request)`);
    }
    await this.turn();
    try {
      if (this.abandon.signal.aborted) throw refused(url, param, "the request was abandoned");
      const image = await this.fetchRaw(url, param, this.abandon.signal, this.bytesLeft);
      this.bytesLeft -= Math.ceil((image.base64.length * 3) / 4);
      return image;
    } catch (error) {
      this.abandon.abort();
      throw error;
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  };

  private turn(): Promise<void> {
    if (this.running < CONCURRENT_FETCHES) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.running++;
        resolve();
      }),
    );
  }
}
