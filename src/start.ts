import { listen, type Listener } from "listhen";
import type { Socket } from "node:net";
import { createAppContext, configuredSecrets, type AppContext } from "./app-context.js";
import type { Config } from "./config/schema.js";
import { createLogger, type Logger } from "./log.js";
import { createRequestListener } from "./server.js";

export interface StartOptions {
  config: Config;
  host: string;
  /** 0 picks a free port. */
  port: number;
  logger?: Logger;
  /** Called with the app context before the server accepts requests (tests, extensions). */
  setup?: (app: AppContext) => void | Promise<void>;
}

export interface RunningProxy {
  url: string;
  host: string;
  port: number;
  app: AppContext;
  close(): Promise<void>;
}

export class ListenError extends Error {
  override name = "ListenError";
}

export class StateStoreError extends Error {
  override name = "StateStoreError";
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);
// The host names listhen accepts; anything else it would silently replace, so refuse it here.
const HOST_PATTERN = /^(?!-)[\d.:A-Za-z-]{1,63}(?<!-)$/;

/**
 * Builds the app and listens with listhen. listhen would move to another port when the chosen one
 * is busy or deemed unsafe; a server must never do that silently, so the bound port is checked
 * and anything but the requested one (or any port, for 0) is an error.
 */
export async function startProxy(options: StartOptions): Promise<RunningProxy> {
  if (!HOST_PATTERN.test(options.host)) throw new ListenError(`invalid host ${JSON.stringify(options.host)}`);
  const logger = options.logger ?? createLogger({ level: options.config.log_level, secrets: configuredSecrets(options.config) });
  const app = createAppContext(options.config, logger);
  try {
    await app.start();
  } catch (error) {
    await app.close();
    throw new StateStoreError(`cannot open the state store: ${(error as Error).message}`);
  }
  await options.setup?.(app);
  const handler = createRequestListener(app);

  let listener: Listener;
  try {
    listener = await listen(handler, {
      hostname: options.host,
      public: !LOCAL_HOSTS.has(options.host),
      // With a port given, get-port-please tries only that port (no alternative range, no random).
      port: { port: options.port, random: options.port === 0, verbose: false },
      showURL: false,
      qr: false,
      isProd: true,
      autoClose: false,
    });
  } catch (error) {
    await app.close();
    const reason = (error as Error).message;
    throw new ListenError(`cannot listen on ${options.host}:${options.port}: ${reason}`);
  }

  const address = listener.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  if (options.port !== 0 && port !== options.port) {
    await listener.close();
    await app.close();
    throw new ListenError(`cannot listen on ${options.host}:${options.port} (the port is unavailable)`);
  }
  if (!options.config.auth && !LOCAL_HOSTS.has(options.host)) {
    logger.warn("no auth is configured and the proxy listens beyond this machine: anyone who reaches it spends its provider keys", {
      host: options.host,
    });
  }
  // Node enables TCP_NODELAY by default; set it explicitly because streamed events must not wait.
  listener.server.on("connection", (socket: Socket) => socket.setNoDelay(true));

  const displayHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${displayHost}:${port}`,
    host: options.host,
    port,
    app,
    async close() {
      app.draining = true;
      await listener.close();
      await app.close();
    },
  };
}
