import { type buildConnector, Client, type Dispatcher } from "undici";

/** Streams one HTTP/2 connection carries at once (undici's default, and what common servers allow). */
export const HTTP2_STREAMS_PER_CONNECTION = 100;

/**
 * The Pool's client factory under `upstream.http2`. undici 7 lets a connection carry as many
 * requests at once as its `pipelining` setting (1 by default) whatever protocol it negotiated;
 * raising it for the whole pool would also pipeline HTTP/1.1 connections, where a second
 * stream waits for the whole first answer. So each client raises it for itself, once its
 * socket has negotiated `h2`, and HTTP/1.1 connections keep carrying one request at a time.
 */
export function multiplexingClients(origin: URL, options: object): Dispatcher {
  const { connect, ...rest } = options as { connect: buildConnector.connector };
  const client: Client = new Client(origin, {
    ...rest,
    connect: (connectOptions, callback) =>
      connect(connectOptions, (...args) => {
        const socket = args[1] as { alpnProtocol?: string | false } | null;
        if (socket?.alpnProtocol === "h2") client.pipelining = HTTP2_STREAMS_PER_CONNECTION;
        callback(...args);
      }),
  } as Client.Options);
  return client;
}
