import type { Config } from "../../config/schema.js";
import { openStateStore, type StateStore } from "../../state/store.js";
import { CommandError } from "../command-error.js";
import { loadCommandConfig } from "../config.js";
import { notifyReplicas } from "../../live-config/announce.js";

/** A `keys` command could not do what was asked; the message says why (exit 1). */
export class KeysCommandError extends CommandError {
  override name = "KeysCommandError";
}

/** The state store the config names, for one command; the server reads the same one. */
export async function withStateStore<T>(
  configFile: string | undefined,
  run: (store: StateStore, config: Config) => Promise<T>,
): Promise<T> {
  const { file, config } = await loadCommandConfig(configFile);
  if (!config.state.url) {
    throw new KeysCommandError(
      `virtual keys live in the state store, and ${file} names none: set state.url (for example sqlite:./data/llm-proxy.db)`,
    );
  }
  if (!config.auth) process.stderr.write(`llm-proxy: warning: ${file} has no auth section, so the proxy is open and checks no key\n`);
  const store = await openStateStore(config.state.url);
  try {
    return await run(store, config);
  } finally {
    await store.close();
  }
}

/** Tells running proxies that the keys changed (PostgreSQL notifies them); when they will have seen it, for the message. */
export async function announced(store: StateStore, config: Config): Promise<string> {
  const notified = await notifyReplicas(store, { from: "llm-proxy keys", scope: "keys" }).then(
    () => store.dialect === "postgres",
    () => false,
  );
  return notified ? "at once" : `within ${config.state.poll_seconds} s`;
}
