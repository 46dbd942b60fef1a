import { loadConfigText } from "../../src/config/load.js";
import type { Config } from "../../src/config/schema.js";
import { ConfigError } from "../../src/config/validate.js";
import { adapterFor } from "../../src/providers/registry.js";

/** A config loaded from YAML as the proxy loads its file, every provider type known; env fills `${VAR}`s. */
export function loadConfig(yaml: string, env: Record<string, string> = {}): Config {
  return loadConfigText(yaml, env, adapterFor);
}

/** The ConfigError loading `yaml` throws; anything else it throws, or nothing, fails the test. */
export function configError(yaml: string, env: Record<string, string> = {}): ConfigError {
  try {
    loadConfig(yaml, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}
