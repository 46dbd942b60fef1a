import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parse } from "yaml";
import { interpolateTree } from "./interpolate.js";
import { ConfigError } from "./validate.js";
import { parseConfig, type AdapterLookup, type Config } from "./schema.js";
import { resolveStateUrl } from "../state/url.js";

/** Reads, interpolates and validates a config file; every failure is a ConfigError naming the file. */
export async function loadConfigFile(file: string, env: NodeJS.ProcessEnv, adapterFor: AdapterLookup): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError("", `cannot read config file ${file}${code ? ` (${code})` : ""}`);
  }
  const config = loadConfigText(text, env, adapterFor, file);
  // Files the config names are found beside it, wherever the proxy was started from.
  if (config.pricing_file) config.pricing_file = resolve(dirname(file), config.pricing_file);
  config.state.url = resolveStateUrl(config.state.url, dirname(file));
  return config;
}

export function loadConfigText(text: string, env: NodeJS.ProcessEnv, adapterFor: AdapterLookup, source = "config"): Config {
  let tree: unknown;
  try {
    tree = parse(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigError("", `${source} is not valid YAML: ${(error as Error).message}`);
  }
  const { tree: interpolated, missing } = interpolateTree(tree, env);
  return parseConfig(interpolated, missing, adapterFor);
}
