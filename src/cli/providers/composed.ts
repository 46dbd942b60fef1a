import type { Config } from "../../config/schema.js";
import { composeConfig, type ComposedConfig } from "../../live-config/compose.js";
import { EMPTY_STORED_STATE, readStoredState } from "../../live-config/stored-state.js";
import { adapterFor } from "../../providers/registry.js";
import { SecretBox } from "../../state/secret-box.js";
import { openStateStore } from "../../state/store.js";
import { loadCommandConfig } from "../config.js";

/**
 * The providers as a proxy started with this config would run them: the file's, with the stored
 * ones and the overrides of its state store (opened with state.secret) composed over them, by the
 * same code the proxy uses. Commands read the store directly, so they work with no proxy running.
 */
export async function readComposedConfig(
  configFile: string | undefined,
): Promise<{ file: string; config: Config; composed: ComposedConfig }> {
  const { file, config } = await loadCommandConfig(configFile);
  if (!config.state.url) return { file, config, composed: composeConfig(config, EMPTY_STORED_STATE, adapterFor, process.env) };
  const store = await openStateStore(config.state.url);
  try {
    const box = config.state.secret ? await SecretBox.fromSecret(config.state.secret) : undefined;
    const stored = await readStoredState(store.db, box);
    return { file, config, composed: composeConfig(config, stored, adapterFor, process.env) };
  } finally {
    await store.close();
  }
}
