import { parseJsonBody, readRequestBody } from "../http/read-body.js";
import type { Exchange } from "./types.js";

/** Read and validate: the body within `server.max_body_size` (413), as JSON (400), as the endpoint's request (400 + param). */
export async function readRequest<Request>(exchange: Exchange<Request>): Promise<void> {
  const body = await readRequestBody(exchange.req, exchange.snapshot.config.server.max_body_size);
  const request = exchange.spec.validate(parseJsonBody(body));
  exchange.request = request;
  exchange.stream = exchange.spec.isStream(request);
  exchange.outcome.stream = exchange.stream;
}
