import type { ProxyError } from "../../errors.js";
import type { FetchUpstream, ProviderConfig, UpstreamHeaders, UpstreamModel } from "../types.js";
import { listingTimeouts } from "./listing.js";
import { parseUpstreamObject } from "./upstream-json.js";

/** A guard against an upstream whose cursor never ends; real catalogues fit in one or two pages. */
const MAX_PAGES = 20;

export interface ListingPage {
  models: UpstreamModel[];
  /** The cursor of the next page; undefined on the last. */
  next: string | undefined;
}

export interface PagedListing {
  headers: Record<string, string>;
  /** The URL of a page; `cursor` is undefined for the first. */
  url(cursor: string | undefined): string;
  parseError(status: number, body: string, headers: UpstreamHeaders): ProxyError;
  /** One page's models and the next cursor; throws a 502 ProxyError on a malformed page. */
  readPage(body: Record<string, unknown>): ListingPage;
}

/** Reads a cursor-paginated model list page by page (GET, with the listing timeouts). */
export async function listAllPages(provider: ProviderConfig, fetch: FetchUpstream, listing: PagedListing): Promise<UpstreamModel[]> {
  const models: UpstreamModel[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { status, headers, text } = await fetch(
      { method: "GET", url: listing.url(cursor), headers: listing.headers, response: "json" },
      listingTimeouts(provider),
    );
    if (status >= 400) throw listing.parseError(status, text, headers);
    const { models: pageModels, next } = listing.readPage(parseUpstreamObject(text, "model list"));
    models.push(...pageModels);
    if (!next) break;
    cursor = next;
  }
  return models;
}
