import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A 1×1 PNG. */
export const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

export interface ImageServer {
  /** URL of a PNG on 127.0.0.1. */
  url: string;
  close(): Promise<void>;
}

/** A local HTTP server that answers every request with the 1×1 PNG. */
export async function startImageServer(): Promise<ImageServer> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "image/png" });
    res.end(Buffer.from(PNG_BASE64, "base64"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/photo.png`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
