import { resolve } from "node:path";
import { loadConfigFile } from "../../config/load.js";
import type { Config } from "../../config/schema.js";
import { ConfigError } from "../../config/validate.js";
import { adapterFor } from "../../providers/registry.js";
import { openStateStore, type StateStore } from "../../state/store.js";

/** A `keys` command could not do what was asked; the message says why (exit 1). */
export class KeysCommandError extends Error {
  override name = "KeysCommandError";
}

/** The state store the config names, for one command; the server reads the same one. */
export async function withStateStore<T>(
  configFile: string | undefined,
  run: (store: StateStore, config: Config) => Promise<T>,
): Promise<T> {
  const file = resolve(configFile ?? process.env.LLM_PROXY_CONFIG ?? "config.yaml");
  let config: Config;
  try {
    config = await loadConfigFile(file, process.env, adapterFor);
  } catch (error) {
    if (error instanceof ConfigError) throw new KeysCommandError(`invalid config ${file}: ${error.message}`);
    throw error;
  }
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
