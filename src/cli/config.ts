import { resolve } from "node:path";
import { loadConfigFile } from "../config/load.js";
import type { Config } from "../config/schema.js";
import { ConfigError } from "../config/validate.js";
import { adapterFor } from "../providers/registry.js";
import { CommandError } from "./command-error.js";

/** The config a command reads: `--config`, else $LLM_PROXY_CONFIG, else ./config.yaml, as the server finds it. */
export async function loadCommandConfig(configFile: string | undefined): Promise<{ file: string; config: Config }> {
  const file = resolve(configFile ?? process.env.LLM_PROXY_CONFIG ?? "config.yaml");
  try {
    return { file, config: await loadConfigFile(file, process.env, adapterFor) };
  } catch (error) {
    if (error instanceof ConfigError) throw new CommandError(`invalid config ${file}: ${error.message}`);
    throw error;
  }
}
